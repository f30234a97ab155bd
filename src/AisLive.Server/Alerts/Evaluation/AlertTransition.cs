using System.Text.Json.Nodes;
using AisLive.Server.Places;

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

    /// <summary>What decided it: <c>{thresholds, fixes: [{ts, lat, lon, sog}], ...}</c> and whatever the kind adds.</summary>
    public JsonObject? Evidence { get; init; }

    /// <summary>The other vessel of a pair (an encounter): one episode per rule, vessel and other vessel.</summary>
    public uint? OtherMmsi { get; init; }

    public string? OtherName { get; init; }

    /// <summary>Not a start or an end: the open episode's message and evidence moved on (an encounter going on).</summary>
    public bool Update { get; init; }

    /// <summary>An arrival or departure for the port-call log, written whether or not it raises or resolves an alert.</summary>
    public PortVisit? Visit { get; init; }

    /// <summary>Only <see cref="Visit"/> is to be recorded: the rule does not alert on this event.</summary>
    public bool LogOnly { get; init; }
}
