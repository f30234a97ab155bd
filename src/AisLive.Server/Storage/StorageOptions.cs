using System.ComponentModel.DataAnnotations;

#pragma warning disable CA1805 // explicit defaults document the configuration

namespace AisLive.Server.Storage;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Positions per binary COPY; larger batches amortise the round trip and index work.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>How long a partial batch may wait before it is written anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Where the write-ahead journal lives; relative paths are from the working directory.</summary>
    [Required]
    public string JournalPath { get; set; } = ".data/journal";

    /// <summary>How often appended journal records are forced to disk: the most a power cut can lose.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan JournalFsyncInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Un-committed journal bytes allowed (a database outage); past this, ingest is slowed by back-pressure.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long JournalMaxBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long JournalSegmentBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Daily position partitions older than this are dropped.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>Wait between attempts while the database is unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);
}
