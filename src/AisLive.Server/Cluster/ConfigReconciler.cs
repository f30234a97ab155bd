using AisLive.Server.Alerts;
using AisLive.Server.Fleets;
using AisLive.Server.Storage;
using Npgsql;

namespace AisLive.Server.Cluster;

/// <summary>
/// Every node: makes sure fleet and rule changes reach this node at least once, whatever happened to the change
/// notices on NATS (<see cref="ClusterChangeRelay"/>, which are fast but at most once). Every
/// <see cref="CheckEvery"/> it reads the revisions PostgreSQL raises with every write of fleets or rules
/// (<c>config_revisions</c>, kept by triggers); when one moved since it last looked, it reads that table's rows again
/// and applies what differs. Reading the whole current state makes order moot: the last read wins, and it is the
/// database's. A node cut off from NATS therefore converges within one check of PostgreSQL, and a removed member's
/// streams on it end then (the fleet directory announces the change, as a write would).
/// </summary>
public sealed partial class ConfigReconciler(
    NpgsqlDataSource dataSource,
    FleetService fleets,
    FleetDirectory fleetDirectory,
    RuleDirectory rules,
    DatabaseState database,
    TimeProvider time,
    ILogger<ConfigReconciler> logger) : BackgroundService
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitForMigrationAsync(stoppingToken);
        await Task.WhenAll(fleetDirectory.WhenLoadedAsync(stoppingToken), rules.WhenLoadedAsync(stoppingToken));
        (long Fleets, long Rules)? seen = null; // nothing read yet: the first check reads everything
        using var timer = new PeriodicTimer(CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var now = await RevisionsAsync(stoppingToken);
                if (seen is null || now.Fleets != seen.Value.Fleets)
                {
                    var changed = await fleets.ReconcileAsync(stoppingToken);
                    if (changed > 0)
                    {
                        Log.Reconciled(logger, changed, "fleets");
                    }
                }

                if (seen is null || now.Rules != seen.Value.Rules)
                {
                    await rules.ReloadAsync(stoppingToken);
                }

                seen = now;
            }
            catch (Exception ex) when (DatabaseRetry.IsOutage(ex) && !stoppingToken.IsCancellationRequested)
            {
                seen = null; // the database is away: read everything once it is back
                Log.CheckFailed(logger, ex.Message);
            }
        }
    }

    private async Task<(long Fleets, long Rules)> RevisionsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name, revision FROM config_revisions");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long fleetRevision = 0, ruleRevision = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetString(0) == "fleets")
            {
                fleetRevision = reader.GetInt64(1);
            }
            else if (reader.GetString(0) == "rules")
            {
                ruleRevision = reader.GetInt64(1);
            }
        }

        return (fleetRevision, ruleRevision);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8601, Level = LogLevel.Warning, Message = "{Changed} {What} differed from PostgreSQL (a change notice was missed) and were read again")]
        public static partial void Reconciled(ILogger logger, int changed, string what);

        [LoggerMessage(EventId = 8602, Level = LogLevel.Warning, Message = "Checking fleet and rule revisions failed: {Error}")]
        public static partial void CheckFailed(ILogger logger, string error);
    }
}
