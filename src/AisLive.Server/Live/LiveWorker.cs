using AisLive.Server.Pipeline;

namespace AisLive.Server.Live;

/// <summary>Feeds the live channel into the hub, passes each changed vessel to alert evaluation, and measures receive-to-cache latency.</summary>
public sealed class LiveWorker(PipelineChannels channels, LiveHub hub, Alerts.AlertChannels alerts, PipelineMetrics metrics, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var decoded in channels.Live.Reader.ReadAllAsync(stoppingToken))
            {
                if (hub.Apply(decoded) is { } changed)
                {
                    alerts.Input.Writer.TryWrite(changed); // never waits: that channel drops its oldest instead
                }

                metrics.ReceiveToCache(time.GetElapsedTime(decoded.ReceivedTimestamp));
            }
        }
        finally
        {
            alerts.Input.Writer.TryComplete();
        }
    }
}
