using AisLive.Server.Pipeline;
using AisLive.Server.Workers;

namespace AisLive.Server.Live;

/// <summary>
/// Feeds the live channel into the hub and measures receive-to-cache latency. On shutdown it runs to the end of the
/// channel, which the decoder completes (<see cref="Workers.StopStage"/>), so the last states reach the cache.
/// </summary>
public sealed class LiveWorker(PipelineChannels channels, LiveHub hub, PipelineMetrics metrics, TimeProvider time) : DrainOnStop
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var decoded in channels.Live.Reader.ReadAllAsync(stoppingToken))
        {
            hub.Apply(decoded);
            metrics.ReceiveToCache(time.GetElapsedTime(decoded.ReceivedTimestamp));
        }
    }
}
