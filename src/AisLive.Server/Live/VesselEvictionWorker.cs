using Microsoft.Extensions.Options;

namespace AisLive.Server.Live;

/// <summary>Evicts long-silent vessels from the live cache (<see cref="LiveHub.Evict"/>) on the service's clock.</summary>
public sealed class VesselEvictionWorker(LiveHub hub, IOptions<LiveOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var evictAfter = options.Value.EvictAfter;
        // Often enough that nothing outstays its age by more than a few percent, rarely enough to cost nothing.
        var period = TimeSpan.FromTicks(Math.Clamp(evictAfter.Ticks / 24, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute * 10));
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            hub.Evict(time.GetUtcNow() - evictAfter);
        }
    }
}
