using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Live;

/// <summary>The live vessel state's settings (how streams are written is <see cref="Streaming.StreamOptions"/>, in the same section).</summary>
public sealed class LiveOptions
{
    public const string SectionName = "Live";

    /// <summary>Distinct vessels a slow client may have queued before it is disconnected.</summary>
    [Range(1, 10_000_000)]
    public int MaxQueuedVesselsPerClient { get; set; } = 20_000;

    /// <summary>A vessel in no fleet and silent this long is dropped from the live cache (a fleet's vessels stay).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan EvictAfter { get; set; } = TimeSpan.FromHours(24);
}
