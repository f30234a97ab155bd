namespace AisLive.Server.Storage;

/// <summary>
/// Work that reads its due items from the database on the service's clock: once the schema is migrated, then every
/// <c>interval</c>. What is due lives in the database, so a pass missed while the service or the database was down is
/// caught up by the next one; an outage is logged (the worker's own message) and left to the next pass.
/// </summary>
public abstract class PeriodicDatabaseWorker(DatabaseState database, TimeProvider time, TimeSpan interval) : BackgroundService
{
    /// <summary>The service's clock.</summary>
    protected TimeProvider Time { get; } = time;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.WaitForMigrationAsync(stoppingToken);
            using var timer = new PeriodicTimer(interval, Time);
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
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: what is due is stored, the next start picks it up
        }
    }

    /// <summary>One pass.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Logs a pass the database did not let finish.</summary>
    protected abstract void Failed(string reason);
}
