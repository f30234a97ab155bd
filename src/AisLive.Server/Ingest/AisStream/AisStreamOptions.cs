using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Ingest.AisStream;

public sealed class AisStreamOptions : ReconnectOptions
{
    public const string SectionName = "AisStream";

    [Required]
    public Uri Url { get; set; } = new("wss://stream.aisstream.io/v0/stream");

    /// <summary>From <c>AISSTREAM_API_KEY</c> when not configured. Never logged, never returned.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>[[[lat,lon],[lat,lon]], ...]</c>, latitude first, as AISStream takes them. Empty = the whole world.</summary>
    public List<List<List<double>>> BoundingBoxes { get; set; } = [];

    public List<string> FiltersShipMMSI { get; set; } = [];

    public List<string> FilterMessageTypes { get; set; } = [];

    /// <summary>Websocket ping interval; the connection is dropped when a pong does not come within <see cref="KeepAliveTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait after HTTP 429 or "concurrent connections" before trying again: retrying sooner makes it worse.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RateLimitCooldown { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Wait after an API-key or malformed-subscription error: a human has to fix something.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan AuthErrorCooldown { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A frame larger than this is skipped (counted), so one bad frame cannot take memory.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 1024 * 1024;

    public static IEnumerable<string> Validate(AisStreamOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            yield return "AisStream:ApiKey is required for Ingest:Source=aisstream (or set AISSTREAM_API_KEY).";
        }

        if (options.Url.Scheme is not ("ws" or "wss"))
        {
            yield return "AisStream:Url must be a ws:// or wss:// address.";
        }

        foreach (var box in options.BoundingBoxes)
        {
            if (box.Count != 2 || box.Any(p => p.Count != 2 || p[0] is < -90 or > 90 || p[1] is < -180 or > 180))
            {
                yield return "AisStream:BoundingBoxes must be [[[lat,lon],[lat,lon]], ...] with -90<=lat<=90 and -180<=lon<=180.";
                yield break;
            }
        }
    }
}
