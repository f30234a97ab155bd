namespace AisLive.Server.Storage;

/// <summary>
/// Database housekeeping (partitions, retention): once the schema is migrated and then every hour on the service's
/// clock. A database outage is logged and left to the next hour; it is the writers' business, not this one's.
/// </summary>
public abstract class HourlyMaintenanceWorker(DatabaseState database, TimeProvider time) : PeriodicDatabaseWorker(database, time, TimeSpan.FromHours(1))
{
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
