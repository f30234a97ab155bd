using AisLive.Server.Storage.Journal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AisLive.Server.Storage;

/// <summary>
/// Not ready until the schema is migrated. After that, a database outage is degraded, not unhealthy: the
/// journal is riding it out and live streams go on. A full journal (ingest held back) is unhealthy.
/// </summary>
public sealed class DatabaseHealthCheck(DatabaseState database, WriteAheadJournal journal) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backlog = new Dictionary<string, object> { ["journalBacklogBytes"] = journal.BacklogBytes };
        return Task.FromResult(
            !database.IsMigrated ? HealthCheckResult.Unhealthy("database schema not migrated yet: " + database.LastError, data: backlog)
            : database.JournalFull ? HealthCheckResult.Unhealthy("journal full: ingest is held back until the database drains it", data: backlog)
            : !database.IsReachable ? HealthCheckResult.Degraded("database unreachable, positions are kept in the journal: " + database.LastError, data: backlog)
            : HealthCheckResult.Healthy(data: backlog));
    }
}
