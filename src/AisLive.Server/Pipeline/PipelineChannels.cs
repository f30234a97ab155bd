using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Pipeline;

/// <summary>The pipeline's bounded channels, each with the policy its consumer needs.</summary>
public sealed class PipelineChannels
{
    public PipelineChannels(IOptions<PipelineOptions> options, PipelineMetrics metrics)
    {
        var settings = options.Value;

        // Source -> decoder: Wait. The source's receive loop only pays for a queue slot; a full queue means
        // decoding is behind and the source should slow down (a replay waits, a socket stops reading).
        Raw = Channel.CreateBounded<RawFrame>(new BoundedChannelOptions(settings.RawCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });

        // Decoder -> PostGIS writer: Wait. Storage never drops; back-pressure flows to the decoder.
        Writer = Channel.CreateBounded<DecodedMessage>(new BoundedChannelOptions(settings.WriterCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });

        // Decoder -> live cache: DropOldest. Live state must never hold up ingest; a dropped update is
        // superseded by the vessel's next report, and every drop is counted.
        Live = Channel.CreateBounded<DecodedMessage>(
            new BoundedChannelOptions(settings.LiveCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = true,
            },
            _ => metrics.LiveDropped());
        metrics.ObserveDepths(this);
    }

    public Channel<RawFrame> Raw { get; }

    public Channel<DecodedMessage> Writer { get; }

    public Channel<DecodedMessage> Live { get; }
}
