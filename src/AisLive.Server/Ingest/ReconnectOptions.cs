using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Ingest;

/// <summary>How a live source retries; shared by <c>AisStream</c> and <c>NmeaTcp</c> (each section has its own copy).</summary>
public class ReconnectOptions
{
    /// <summary>No message for this long on an open connection = stalled: drop it and reconnect.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry waits about this long; each further failure doubles it, up to <see cref="BackoffMax"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan BackoffInitial { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A session live for this long counts as healthy: the next failure starts the backoff afresh.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan HealthySession { get; set; } = TimeSpan.FromSeconds(30);
}
