using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Alerts;

public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>How often signal-lost is checked when no message arrives to trigger a check.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>No message from anyone for this long means the feed is quiet: signal-lost is not raised then.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FeedQuietAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Messages waiting for evaluation. Full = the decoder waits (nothing is lost; readiness says degraded).</summary>
    [Range(16, 10_000_000)]
    public int QueueCapacity { get; set; } = 50_000;

    /// <summary>Resolved alerts older than this are pruned, with their events, deliveries and attempts (hourly, in batches).</summary>
    [Range(1, 36_500)]
    public int RetentionDays { get; set; } = 365;

    /// <summary>Alert transitions waiting for the database (during an outage). Full = evaluation waits.</summary>
    [Range(16, 10_000_000)]
    public int OutboxCapacity { get; set; } = 100_000;

    /// <summary>Live events an alerts stream may have queued; past this it goes back to reading the durable log.</summary>
    [Range(1, 1_000_000)]
    public int StreamQueueCapacity { get; set; } = 1_000;

    /// <summary>Events read from the durable log per query when an alerts stream replays a backlog.</summary>
    [Range(1, 100_000)]
    public int StreamPageSize { get; set; } = 500;

    /// <summary>The longest an alert may be shelved (<c>POST /api/alerts/{id}/shelve</c>), in minutes.</summary>
    [Range(1, 525_600)]
    public int MaxShelveMinutes { get; set; } = 1440;

    /// <summary>How often shelves are checked for expiry (service clock).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ShelfCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often unacknowledged alerts are checked against their rule's escalation deadline (service clock).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan EscalationCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Rules to create when there are none: <c>[{fleet: "fleet name", name, kind, severity, parameters, cooldown?}]</c>.</summary>
    public string? SeedPath { get; set; }
}
