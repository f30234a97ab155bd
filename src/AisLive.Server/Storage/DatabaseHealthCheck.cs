using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AisLive.Server.Storage;

/// <summary>Ready once the schema is migrated and the last write (or migration) reached the database.</summary>
public sealed class DatabaseHealthCheck(DatabaseState database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !database.IsMigrated ? HealthCheckResult.Unhealthy("database schema not migrated yet: " + database.LastError)
            : !database.IsReachable ? HealthCheckResult.Unhealthy("database unreachable: " + database.LastError)
            : HealthCheckResult.Healthy());
}
