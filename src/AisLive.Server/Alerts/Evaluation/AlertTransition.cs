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
    string Message);
