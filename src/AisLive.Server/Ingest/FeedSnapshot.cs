namespace AisLive.Server.Ingest;

/// <summary>The body of <c>GET /api/feed</c> and the data of <c>event: feed</c>.</summary>
public sealed record FeedSnapshot(
    string Source,
    FeedState State,
    DateTimeOffset Since,
    DateTimeOffset? LastMessageAt,
    long Messages,
    long Errors,
    IReadOnlyDictionary<string, long> Reconnects,
    string? LastError,
    DateTimeOffset? NextAttemptAt);
