using AisLive.Server.Pipeline;
using AisLive.Server.Workers;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Storage.Journal;

/// <summary>
/// Drains the writer channel into the journal in batches (what of each message the mode keeps: <see cref="IJournalContent"/>) and fsyncs every
/// <see cref="StorageOptions.JournalFsyncInterval"/>. It never waits on the database: during an outage the
/// journal grows, up to <see cref="StorageOptions.JournalMaxBytes"/>, after which this worker waits for the
/// flusher and the bounded channel behind it slows ingest. On shutdown it drains the channel, syncs and
/// marks the journal complete, so the flusher knows when it has everything.
/// </summary>
public sealed partial class JournalAppenderWorker(
    PipelineChannels channels,
    WriteAheadJournal journal,
    IJournalContent content,
    DatabaseState database,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<JournalAppenderWorker> logger) : DrainOnStop
{
    private const int MaxBatch = 4096;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var reader = channels.Writer.Reader;
        var batch = new StorageBatch(MaxBatch);
        var lastSync = time.GetTimestamp();
        var dirty = false;
        try
        {
            while (await WaitForDataOrSyncDueAsync(reader, settings.JournalFsyncInterval, stoppingToken))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var decoded))
                {
                    content.Add(decoded, batch);
                }

                if (batch.Count > 0)
                {
                    await WaitForRoomAsync(settings, stoppingToken);
                    journal.Append(batch);
                    batch.Clear();
                    dirty = true;
                }

                if (dirty && time.GetElapsedTime(lastSync) >= settings.JournalFsyncInterval)
                {
                    journal.Sync();
                    lastSync = time.GetTimestamp();
                    dirty = false;
                }
            }
        }
        finally
        {
            journal.Complete();
        }
    }

    /// <summary>True when there is data or an fsync may be due; false once the channel is completed and empty.</summary>
    private async Task<bool> WaitForDataOrSyncDueAsync(System.Threading.Channels.ChannelReader<DecodedMessage> reader, TimeSpan syncInterval, CancellationToken stoppingToken)
    {
        if (reader.TryPeek(out _))
        {
            return true;
        }

        using var syncDue = new CancellationTokenSource(syncInterval, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, syncDue.Token);
        try
        {
            return await reader.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return true; // idle for a sync interval: loop round so pending appends get synced
        }
    }

    private async Task WaitForRoomAsync(StorageOptions settings, CancellationToken stoppingToken)
    {
        if (journal.BacklogBytes < settings.JournalMaxBytes)
        {
            return;
        }

        database.JournalFull = true;
        Log.JournalFull(logger, journal.BacklogBytes, settings.JournalMaxBytes);
        while (journal.BacklogBytes >= settings.JournalMaxBytes)
        {
            await journal.Retired.WaitAsync(stoppingToken);
        }

        database.JournalFull = false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3201, Level = LogLevel.Error, Message = "Journal full ({Backlog} of {Max} bytes waiting for the database): ingest is held back until it drains")]
        public static partial void JournalFull(ILogger logger, long backlog, long max);
    }
}
