using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>The alert feature's two queues, each bounded with the policy its edge needs.</summary>
public sealed class AlertChannels
{
    public AlertChannels(IOptions<AlertOptions> options)
    {
        // Decoder -> evaluator: Wait. Evaluation must see every fix of the vessels it watches, or it could miss
        // an episode's start or end; when the evaluator is behind, the decoder waits (the stated bound is
        // QueueCapacity) and the source slows, exactly as for storage. Evaluation is in memory and costs about a
        // microsecond a message, so this only bites when the outbox below is full.
        Input = Channel.CreateBounded<AlertInput>(new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });

        // Evaluator -> persister: Wait. Alerts are never dropped; during a database outage they wait here
        // (episodes are rare, so the bound is generous) while evaluation carries on.
        Outbox = Channel.CreateBounded<AlertTransition>(new BoundedChannelOptions(options.Value.OutboxCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });
    }

    public Channel<AlertInput> Input { get; }

    public Channel<AlertTransition> Outbox { get; }
}
