using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Ingest;

public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary><c>auto</c> (= <c>aisstream</c> when an API key is set, else <c>replay</c>), <c>aisstream</c>, <c>nmea-tcp</c> or <c>replay</c>.</summary>
    [Required]
    [RegularExpression("^(auto|aisstream|nmea-tcp|replay)$", ErrorMessage = "Ingest:Source must be auto, aisstream, nmea-tcp or replay.")]
    public string Source { get; set; } = "auto";
}
