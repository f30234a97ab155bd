using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Ingest.NmeaTcp;

public sealed class NmeaTcpOptions : ReconnectOptions
{
    public const string SectionName = "NmeaTcp";

    /// <summary>A raw <c>!AIVDM</c> line feed, e.g. AIS-catcher's TCP output or a coastal feed.</summary>
    public string? Host { get; set; }

    [Range(0, 65535)]
    public int Port { get; set; }

    public static IEnumerable<string> Validate(NmeaTcpOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Host) || options.Port is < 1 or > 65535)
        {
            yield return "NmeaTcp:Host and NmeaTcp:Port (1-65535) are required for Ingest:Source=nmea-tcp.";
        }
    }
}
