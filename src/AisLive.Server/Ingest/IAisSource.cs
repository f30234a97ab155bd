using System.Threading.Channels;
using AisLive.Server.Pipeline;

namespace AisLive.Server.Ingest;

/// <summary>A feed of raw AIS frames: the AISStream websocket, an NMEA TCP feed or a recording.</summary>
public interface IAisSource
{
    /// <summary>The configured name (<c>aisstream</c>, <c>nmea-tcp</c>, <c>replay</c>).</summary>
    string Name { get; }

    /// <summary>Writes frames until the feed ends or <paramref name="cancellationToken"/> fires; never parses them.</summary>
    Task RunAsync(ChannelWriter<RawFrame> output, CancellationToken cancellationToken);
}
