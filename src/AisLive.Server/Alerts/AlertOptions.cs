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

    /// <summary>Vessel updates waiting for evaluation (DropOldest: evaluation never holds up the live path).</summary>
    [Range(16, 10_000_000)]
    public int QueueCapacity { get; set; } = 50_000;

    /// <summary>Rules to create when there are none: <c>[{fleet: "fleet name", name, kind, severity, parameters, cooldown?}]</c>.</summary>
    public string? SeedPath { get; set; }
}
