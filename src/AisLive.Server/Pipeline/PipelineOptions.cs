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
}
