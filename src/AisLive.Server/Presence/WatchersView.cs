namespace AisLive.Server.Presence;

/// <summary><c>GET /api/fleets/{id}/watchers</c> and the data of <c>event: presence</c>.</summary>
public sealed record WatchersView(long FleetId, IReadOnlyList<WatcherView> Watchers);

/// <summary>Someone with the fleet's stream or their alerts stream open: which streams, and since when.</summary>
public sealed record WatcherView(string UserId, string Role, IReadOnlyList<string> Streams, DateTimeOffset Since);
