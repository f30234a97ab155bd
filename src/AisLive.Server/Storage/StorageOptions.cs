using System.ComponentModel.DataAnnotations;

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

    /// <summary>Wait between attempts while the database is unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);
}
