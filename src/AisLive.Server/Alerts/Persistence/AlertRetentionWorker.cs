using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>
/// Hourly (and once after migration), prunes alerts resolved more than <see cref="AlertOptions.RetentionDays"/> ago,
/// 1,000 at a time so that no transaction holds the tables for long. A database outage waits for the next hour.
/// </summary>
public sealed partial class AlertRetentionWorker(
    AlertRetentionStore store,
    Storage.DatabaseState database,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertRetentionWorker> logger) : Storage.HourlyMaintenanceWorker(database, time)
{
    private const int Batch = 1_000;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => PruneAsync(cancellationToken);

    protected override void Failed(string reason) => Log.Failed(logger, reason);

    /// <summary>Prunes everything past retention now; returns how many alerts went.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var before = Time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var total = (int)await DeleteInBatchesAsync(Batch, (batch, token) => store.PruneAsync(before, batch, token), cancellationToken);

        if (total > 0)
        {
            Log.Pruned(logger, total, options.Value.RetentionDays);
        }

        return total;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4601, Level = LogLevel.Information, Message = "Pruned {Count} alerts resolved more than {Days} days ago")]
        public static partial void Pruned(ILogger logger, int count, int days);

        [LoggerMessage(EventId = 4602, Level = LogLevel.Warning, Message = "Alert retention failed, will retry in an hour: {Error}")]
        public static partial void Failed(ILogger logger, string error);
    }
}
