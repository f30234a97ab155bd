namespace AisLive.Server.Alerts;

/// <summary>The data of <c>event: alert-acknowledged</c> (and of its webhook delivery).</summary>
public sealed record AlertAcknowledgedEvent(long AlertId, string AcknowledgedBy, DateTimeOffset AcknowledgedAt, string? Note, uint Mmsi, string Status)
{
    /// <summary>The state after the acknowledgement: <c>acknowledged</c> while active, <c>closed</c> once ended.</summary>
    public string? State { get; init; }
}

/// <summary>The data of <c>event: alert-resolved</c>.</summary>
public sealed record AlertResolvedEvent(long AlertId, DateTimeOffset ResolvedAt, string Message, uint Mmsi, long RuleId)
{
    /// <summary>The evidence at the end, when the end adds some (a port call's time in port, an encounter's whole length); else absent.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public System.Text.Json.Nodes.JsonObject? Evidence { get; init; }

    /// <summary><c>closed</c> (acknowledged before it ended), or <c>returned-unacknowledged</c> (the event is then <c>alert-returned</c>).</summary>
    public string? State { get; init; }
}

/// <summary>The data of <c>event: alert-escalated</c>: nobody acknowledged within the rule's <c>escalation.after</c>.</summary>
public sealed record AlertEscalatedEvent(long AlertId, DateTimeOffset EscalatedAt, IReadOnlyList<string> EscalatedTo, string Reason, uint Mmsi, string Severity);
