using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>
/// Readiness of alerting: degraded (still 200) while evaluation is starting, while its queue is nearly full
/// (the decoder is being held back), while transitions wait for the database, and for ten minutes after any
/// message had to be shed, so that a loss of evaluation input never goes unseen. A cluster node that does not lead
/// evaluates nothing, by design: it says which node does.
/// </summary>
public sealed class AlertHealthCheck(AlertChannels channels, AlertMetrics metrics, Pipeline.IIngestLeadership leadership, IOptions<AlertOptions> options) : IHealthCheck
{
    private static readonly TimeSpan ShedVisibleFor = TimeSpan.FromMinutes(10);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var queued = channels.Input.Reader.Count;
        var outbox = channels.Outbox.Reader.Count;
        var data = new Dictionary<string, object>
        {
            ["queued"] = queued,
            ["outbox"] = outbox,
            ["inputWaits"] = metrics.BackPressureWaits,
            ["shed"] = metrics.ShedCount,
        };
        var result =
            !leadership.IsLeader ? HealthCheckResult.Healthy($"alerts are evaluated by the node holding the feed ({leadership.Leader ?? "none yet"})", data: data)
            : !metrics.Evaluating ? HealthCheckResult.Degraded("alert evaluation is starting (rules or the database not loaded yet)", data: data)
            : metrics.SinceLastShed is { } since && since < ShedVisibleFor ? HealthCheckResult.Degraded($"{metrics.ShedCount} messages were not evaluated (queue full before evaluation started)", data: data)
            : queued >= options.Value.QueueCapacity * 9 / 10 ? HealthCheckResult.Degraded("alert evaluation is behind: the decoder is being held back", data: data)
            : outbox > 0 ? HealthCheckResult.Degraded($"{outbox} alert changes are waiting for the database", data: data)
            : HealthCheckResult.Healthy(data: data);
        return Task.FromResult(result);
    }
}
