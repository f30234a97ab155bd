namespace AisLive.Server.Alerts;

/// <summary>An alert as the API and the <c>alert</c> event show it, with the evidence that raised it.</summary>
public sealed record AlertView(
    long Id,
    long RuleId,
    string RuleName,
    string Kind,
    string Severity,
    uint Mmsi,
    string? VesselName,
    long FleetId,
    string Message,
    double? Lat,
    double? Lon,
    double? Value,
    double? Threshold,
    DateTimeOffset EvidenceAt,
    DateTimeOffset RaisedAt,
    string Status,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? Note,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<string> Recipients)
{
    /// <summary>When the alert was escalated for want of an acknowledgement, and to whom.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    public IReadOnlyList<string>? EscalatedTo { get; init; }

    /// <summary>The thresholds that applied and the fixes that raised it (and, by kind, the closest approach, the reach...).</summary>
    public System.Text.Json.Nodes.JsonObject? Evidence { get; init; }

    /// <summary>The other vessel of an encounter.</summary>
    public uint? OtherMmsi { get; init; }

    public string? OtherName { get; init; }

    /// <summary>
    /// Where the alert is in its lifecycle (<see cref="AlertStates"/>): unacknowledged or acknowledged while active,
    /// returned-unacknowledged once ended unacknowledged, closed once ended and acknowledged, or shelved.
    /// </summary>
    public string State { get; init; } = AlertStates.Unacknowledged;

    /// <summary>While shelved: until when, by whom, and why.</summary>
    public DateTimeOffset? ShelvedUntil { get; init; }

    public string? ShelvedBy { get; init; }

    public string? ShelveReason { get; init; }

    /// <summary>Whether anyone was told of it (an alert raised while shelved is not, until the shelf expires).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Notified { get; init; } = true;
}

/// <summary>One row of <c>alert_events</c>: what the alerts stream sends, with <see cref="Seq"/> as its id.</summary>
public sealed record AlertEvent(long Seq, string Type, string Payload, IReadOnlyList<string> Recipients, long FleetId);
