using AisLive.Server.Workers;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Storage.Journal;

/// <summary>
/// Reads the journal from its checkpoint, oldest first, in batches by size (<see cref="StorageOptions.BatchSize"/>)
/// or age (<see cref="StorageOptions.FlushInterval"/>), stores each batch in one transaction and only then
/// retires it. A batch that fails is retried whole until the database takes it; meanwhile live streaming
/// and journaling carry on. At start it replays whatever a previous run left un-retired.
/// </summary>
public sealed partial class StorageFlusherWorker(
    WriteAheadJournal journal,
    BatchStore store,
    DatabaseState database,
    IHostApplicationLifetime lifetime,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<StorageFlusherWorker> logger) : DrainOnStop
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stopping while the database refuses: what was appended is synced in the journal (the appender completes
        // it) and is replayed at the next start.
        if (!await database.WaitUnlessRefusedAsync(database.WaitForMigrationAsync(stoppingToken), lifetime.ApplicationStopping))
        {
            await journal.WhenCompleted.WaitAsync(stoppingToken);
            return;
        }
        var settings = options.Value;
        if (journal.RecoveredBacklogBytes > 0)
        {
            Log.Replaying(logger, journal.RecoveredBacklogBytes);
        }

        var cursor = journal.Checkpoint;
        var batch = new StorageBatch(settings.BatchSize);
        long batchStarted = 0;
        while (true)
        {
            cursor = journal.Read(cursor, settings.BatchSize - batch.Count, batch);
            var drained = journal.IsCompleted && cursor >= journal.Written;
            if (batch.Count > 0 && batchStarted == 0)
            {
                batchStarted = time.GetTimestamp();
            }

            if (batch.Count >= settings.BatchSize || (batch.Count > 0 && (drained || time.GetElapsedTime(batchStarted) >= settings.FlushInterval)))
            {
                if (await store.StoreAsync(batch, "journal", stoppingToken))
                {
                    Log.DatabaseBack(logger, journal.BacklogBytes);
                }

                journal.Retire(cursor);
                batch.Clear();
                batchStarted = 0;
                continue;
            }

            if (batch.Count == 0 && cursor > journal.Checkpoint)
            {
                journal.Retire(cursor); // moved past finished or torn segments holding nothing new: let them go
            }

            if (drained && batch.Count == 0)
            {
                return; // shutdown: everything appended is committed
            }

            var wait = batch.Count > 0 ? settings.FlushInterval - time.GetElapsedTime(batchStarted) : Timeout.InfiniteTimeSpan;
            await WaitForAppendAsync(wait, stoppingToken);
        }
    }

    private async Task WaitForAppendAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        using var due = new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, due.Token);
        try
        {
            await journal.Appended.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // the batch's flush interval is up
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Replaying {Bytes} journal bytes left by the previous run")]
        public static partial void Replaying(ILogger logger, long bytes);

        [LoggerMessage(EventId = 3303, Level = LogLevel.Information, Message = "Database reachable again; draining the journal ({Backlog} bytes waiting)")]
        public static partial void DatabaseBack(ILogger logger, long backlog);
    }
}
