namespace AisLive.Server.Alerts;

/// <summary>The data of <c>event: alert-acknowledged</c> (and of its webhook delivery).</summary>
public sealed record AlertAcknowledgedEvent(long AlertId, string AcknowledgedBy, DateTimeOffset AcknowledgedAt, string? Note, uint Mmsi, string Status);

/// <summary>The data of <c>event: alert-resolved</c>.</summary>
public sealed record AlertResolvedEvent(long AlertId, DateTimeOffset ResolvedAt, string Message, uint Mmsi, long RuleId);

/// <summary>The data of <c>event: alert-escalated</c>: nobody acknowledged within the rule's <c>escalation.after</c>.</summary>
public sealed record AlertEscalatedEvent(long AlertId, DateTimeOffset EscalatedAt, IReadOnlyList<string> EscalatedTo, string Reason, uint Mmsi, string Severity);
