namespace AisLive.Server.Alerts;

/// <summary>An episode starting (<see cref="Raised"/>) or ending, with the evidence that decided it.</summary>
public sealed record AlertTransition(
    bool Raised,
    CompiledRule Rule,
    uint Mmsi,
    string? VesselName,
    double? Lat,
    double? Lon,
    double? Value,
    double? Threshold,
    DateTimeOffset EvidenceAt,
    string Message)
{
    /// <summary>The leadership term it was evaluated in (null in one process): a former term's is refused where it is stored.</summary>
    public long? Term { get; init; }
}
