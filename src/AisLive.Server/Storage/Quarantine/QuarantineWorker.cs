using AisLive.Server.Workers;

namespace AisLive.Server.Storage.Quarantine;

/// <summary>
/// Stores the decoder's rejected frames in <c>rejected_messages</c>, up to 500 in one insert, riding out a database
/// outage like every other writer (<see cref="DatabaseRetry"/>). It stops after the decoder and drains what is left,
/// unless the database is away then: kept-aside frames are for looking at later, not worth holding a stop for.
/// </summary>
public sealed class QuarantineWorker(
    FrameQuarantine quarantine,
    RejectedMessageStore store,
    DatabaseRetry retry,
    DatabaseState database,
    StorageMetrics metrics,
    IHostApplicationLifetime lifetime) : DrainOnStop
{
    private const int MaxBatch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopping = lifetime.ApplicationStopping;
        if (!await database.WaitUnlessRefusedAsync(database.WaitForMigrationAsync(stoppingToken), stopping))
        {
            return;
        }

        var retrying = retry.For("Storing rejected frames", keepTrying: () => !stopping.IsCancellationRequested);
        var reader = quarantine.Pending.Reader;
        var batch = new List<RejectedMessage>(MaxBatch);
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var rejected))
            {
                batch.Add(rejected);
            }

            try
            {
                await retrying.ExecuteAsync(token => new ValueTask(store.InsertAsync(batch, token)), stoppingToken);
            }
            catch (Exception ex) when (DatabaseRetry.IsOutage(ex) && stopping.IsCancellationRequested)
            {
                return; // stopping while the database is away: these frames are counted, not kept
            }

            metrics.Quarantined(batch.Count);
            batch.Clear();
        }
    }
}
