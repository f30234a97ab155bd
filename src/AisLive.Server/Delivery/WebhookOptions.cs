using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Delivery;

/// <summary>Webhook delivery: retries with exponential backoff and jitter, bounded attempts and a timeout each.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>The wait before the second attempt; each later wait doubles, up to <see cref="RetryMax"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryInitial { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts per delivery before it is marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>One attempt, from connecting to the response headers: a silent endpoint costs this, and only its own channel.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often due retries are looked for (new deliveries wake the sender at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries in flight at once, across channels (each channel has at most one, which keeps its order).</summary>
    [Range(1, 1000)]
    public int MaxInFlight { get; set; } = 32;

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.20.0.0/16</c>) that webhooks may reach although they are loopback, private or
    /// link-local: an internal receiver the operator of the service vouches for. Empty: none (<see cref="WebhookTargets"/>).
    /// </summary>
    public string[] AllowedPrivateNetworks { get; set; } = [];

    /// <summary>Webhook attempts older than this are pruned (the deliveries and alerts they belong to stay).</summary>
    [Range(1, 36_500)]
    public int AttemptsRetentionDays { get; set; } = 30;

    /// <summary>Where the page is served, for the link in chat messages (none when unset).</summary>
    public string? PublicUrl { get; set; }
}
