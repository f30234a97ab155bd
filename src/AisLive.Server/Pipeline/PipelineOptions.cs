using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Pipeline;

public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>Raw frames waiting to be decoded. Sized for several seconds of a satellite feed.</summary>
    [Range(16, 10_000_000)]
    public int RawCapacity { get; set; } = 10_000;

    /// <summary>Decoded messages waiting for the PostGIS writer.</summary>
    [Range(16, 10_000_000)]
    public int WriterCapacity { get; set; } = 50_000;

    /// <summary>Decoded messages waiting for the live cache.</summary>
    [Range(16, 10_000_000)]
    public int LiveCapacity { get; set; } = 10_000;

    /// <summary>
    /// A report stamped further ahead of its receive time than this is not believed (a receiver or base station with
    /// a bad clock): it would freeze the vessel's live state until the clock caught up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A report stamped further behind its receive time than this is not believed either (nor stored in a partition long gone).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);
}
