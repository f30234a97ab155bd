namespace AisLive.Server.Ingest;

/// <summary>
/// The body of <c>GET /api/feed</c> and the data of <c>event: feed</c>. On a cluster node, <see cref="Leader"/> names
/// the node holding the feed, and a node that does not hold it reports the leader's snapshot.
/// </summary>
public sealed record FeedSnapshot(
    string Source,
    FeedState State,
    DateTimeOffset Since,
    DateTimeOffset? LastMessageAt,
    long Messages,
    long Errors,
    IReadOnlyDictionary<string, long> Reconnects,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    string? Leader = null);
