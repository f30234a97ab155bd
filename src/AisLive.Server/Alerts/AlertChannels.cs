using System.Threading.Channels;
using AisLive.Server.Live;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>The alert feature's two queues, each bounded with the policy its edge needs.</summary>
public sealed class AlertChannels
{
    private long _dropped;

    public AlertChannels(IOptions<AlertOptions> options)
    {
        // Live worker -> evaluator: DropOldest. The live path must never wait on alert evaluation; a drop is
        // counted (the evaluator is in-memory and fast, so this only happens under overload).
        Input = Channel.CreateBounded<VesselState>(
            new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _dropped));

        // Evaluator -> persister: Wait. Alerts are never dropped; during a database outage they wait here
        // (episodes are rare, so the bound is generous) while evaluation carries on.
        Outbox = Channel.CreateBounded<AlertTransition>(new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });
    }

    public Channel<VesselState> Input { get; }

    public Channel<AlertTransition> Outbox { get; }

    public long Dropped => Interlocked.Read(ref _dropped);
}
