using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Ingest;

public sealed class ReplayOptions
{
    public const string SectionName = "Replay";

    /// <summary>A recording of AISStream JSON lines or NMEA sentences; relative paths are from the working directory.</summary>
    [Required]
    public string Path { get; set; } = "fixtures/demo.aisstream.jsonl.gz";

    /// <summary>1 = real time from the recorded timestamps, 10 = ten times faster, 0 = as fast as possible.</summary>
    [Range(0, 10_000)]
    public double Speed { get; set; } = 1;

    /// <summary>Start again from the top when the recording ends.</summary>
    public bool Loop { get; set; } = true;

    /// <summary>Shift recorded timestamps so the recording plays as if it were happening now.</summary>
    public bool Rebase { get; set; } = true;
}
