namespace AisLive.Server.Alerts;

/// <summary>The body of <c>POST /api/alerts/{id}/shelve</c>.</summary>
public sealed record ShelveRequest(int? Minutes, string? Reason);

/// <summary>The data of <c>event: alert-shelved</c>: the alert is parked until <see cref="ShelvedUntil"/>.</summary>
public sealed record AlertShelvedEvent(long AlertId, long RuleId, uint Mmsi, DateTimeOffset ShelvedUntil, string ShelvedBy, string Reason, string State);

/// <summary>The body of <c>POST /api/fleets/{id}/vessels/{mmsi}/out-of-service</c>; no <see cref="Until"/> means until returned.</summary>
public sealed record OutOfServiceRequest(DateTimeOffset? Until, string? Reason);

/// <summary>A vessel out of service in a fleet: no alerts for it there while it lasts.</summary>
public sealed record OutOfService(long FleetId, uint Mmsi, DateTimeOffset? Until, string Reason, string SetBy, DateTimeOffset SetAt);
