using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AisLive.Server.Cluster;

/// <summary>
/// Readiness of a cluster node: unhealthy while NATS is unreachable or the node has not caught up with the log since
/// it started (it would serve old states); degraded while the leader's publishes are refused (the log is full: the
/// database has been away too long) or the node lags far behind the log.
/// </summary>
public sealed class ClusterHealthCheck(ClusterConnection cluster, ClusterState state, IngestLease lease) : IHealthCheck
{
    private const long FarBehind = 10_000;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["node"] = cluster.NodeId,
            ["leader"] = lease.Leader ?? "none",
            ["applied"] = state.Applied,
            ["lag"] = state.Lag,
        };
        var result =
            cluster.Nats.ConnectionState != NATS.Client.Core.NatsConnectionState.Open ? HealthCheckResult.Unhealthy($"NATS is not connected ({cluster.Nats.ConnectionState})", data: data)
            : !state.CaughtUp ? HealthCheckResult.Unhealthy("catching up with the cluster log", data: data)
            : state.PublishBlocked is { } error ? HealthCheckResult.Degraded($"the cluster log refuses new messages, ingest is held back: {error}", data: data)
            : state.Lag > FarBehind ? HealthCheckResult.Degraded($"{state.Lag} log messages behind", data: data)
            : HealthCheckResult.Healthy($"node {cluster.NodeId}, leader {lease.Leader ?? "none"}", data: data);
        return Task.FromResult(result);
    }
}
