namespace AisLive.Server.Ingest;

/// <summary>How the upstream treated us when a session ended, which decides how long to wait before the next.</summary>
public enum UpstreamErrorKind
{
    /// <summary>A transient fault: back off and retry.</summary>
    Transient,

    /// <summary>Too many connections or reconnecting too fast: wait the rate-limit cooldown.</summary>
    RateLimited,

    /// <summary>The key or the subscription is wrong: retrying soon will not help.</summary>
    Rejected,
}

/// <summary>Why one upstream session ended: the reason (a metric tag), its kind, the detail, and whether it had been healthy.</summary>
public readonly record struct SessionOutcome(string Reason, UpstreamErrorKind Kind, string? Error, bool Healthy);
