namespace AisLive.Server.Storage;

/// <summary>
/// Database housekeeping (partitions, retention): once the schema is migrated and then every hour on the service's
/// clock. A database outage is logged and left to the next hour; it is the writers' business, not this one's.
/// </summary>
public abstract class HourlyMaintenanceWorker(DatabaseState database, TimeProvider time) : BackgroundService
{
    /// <summary>The service's clock.</summary>
    protected TimeProvider Time { get; } = time;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitForMigrationAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), Time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (DatabaseRetry.IsOutage(ex))
            {
                Failed(ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass of the housekeeping.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Logs a pass the database did not let finish (the worker's own log message).</summary>
    protected abstract void Failed(string reason);

    /// <summary>
    /// Runs <paramref name="deleteBatch"/>, which deletes at most <paramref name="batchSize"/> rows, until a batch
    /// comes back short, so that no one transaction holds a table for long; returns how many rows went in all.
    /// </summary>
    protected static async Task<long> DeleteInBatchesAsync(int batchSize, Func<int, CancellationToken, Task<int>> deleteBatch, CancellationToken cancellationToken)
    {
        long total = 0;
        int deleted;
        do
        {
            deleted = await deleteBatch(batchSize, cancellationToken);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }
}
