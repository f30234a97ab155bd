using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AisLive.Server.Ingest;

/// <summary>
/// Readiness includes the feed: live (or a finished replay) is healthy; connecting, stalled or backing off
/// is degraded (the service still answers from what it has); failed (a rejected key) is unhealthy. A cluster node
/// reports the leader's feed; one on standby (no leader heard yet) is degraded.
/// </summary>
public sealed class FeedHealthCheck(FeedStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var feed = status.Snapshot();
        var description = $"{feed.Source}: {feed.State.ToString().ToLowerInvariant()}" + (feed.LastError is { } error ? $" ({error})" : string.Empty);
        return Task.FromResult(feed.State switch
        {
            FeedState.Live or FeedState.Ended => HealthCheckResult.Healthy(description),
            FeedState.Failed => HealthCheckResult.Unhealthy(description),
            _ => HealthCheckResult.Degraded(description),
        });
    }
}
