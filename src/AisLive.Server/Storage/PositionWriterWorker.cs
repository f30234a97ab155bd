using AisLive.Server.Hosting;
using AisLive.Server.Pipeline;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Storage;

/// <summary>
/// Drains the writer channel in batches (by <see cref="StorageOptions.BatchSize"/> or
/// <see cref="StorageOptions.FlushInterval"/>, whichever comes first) and stores each batch with one COPY.
/// A batch that fails is retried whole until the database takes it, so nothing already taken from the
/// channel is lost while the process lives; meanwhile the channel fills and back-pressure reaches ingest.
/// </summary>
public sealed partial class PositionWriterWorker(
    PipelineChannels channels,
    PositionCopier copier,
    DatabaseState database,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<PositionWriterWorker> logger) : DrainOnStop
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitForMigrationAsync(stoppingToken);
        var settings = options.Value;
        var reader = channels.Writer.Reader;
        var batch = new List<PositionRow>(settings.BatchSize);
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            await FillBatchAsync(reader, batch, settings, stoppingToken);
            if (batch.Count > 0)
            {
                await StoreAsync(batch, settings, stoppingToken);
                batch.Clear();
            }
        }
    }

    private async Task FillBatchAsync(System.Threading.Channels.ChannelReader<DecodedMessage> reader, List<PositionRow> batch, StorageOptions settings, CancellationToken stoppingToken)
    {
        var deadline = time.GetTimestamp();
        while (batch.Count < settings.BatchSize)
        {
            while (batch.Count < settings.BatchSize && reader.TryRead(out var decoded))
            {
                if (PositionRow.TryFrom(decoded, out var row))
                {
                    batch.Add(row);
                }
            }

            var remaining = settings.FlushInterval - time.GetElapsedTime(deadline);
            if (batch.Count >= settings.BatchSize || remaining <= TimeSpan.Zero)
            {
                return;
            }

            using var flushDue = new CancellationTokenSource(remaining, time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, flushDue.Token);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token))
                {
                    return; // channel completed: write what we have
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return; // flush interval reached
            }
        }
    }

    private async Task StoreAsync(List<PositionRow> batch, StorageOptions settings, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var inserted = await copier.WriteAsync(batch, stoppingToken);
                database.IsReachable = true;
                Log.BatchStored(logger, batch.Count, inserted);
                return;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                database.IsReachable = false;
                database.LastError = ex.Message;
                Log.BatchFailed(logger, batch.Count, attempt, ex.Message);
                await Task.Delay(settings.RetryInterval, time, stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Stored a batch of {Count} positions ({Inserted} new)")]
        public static partial void BatchStored(ILogger logger, int count, int inserted);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Storing {Count} positions failed (attempt {Attempt}), retrying: {Error}")]
        public static partial void BatchFailed(ILogger logger, int count, int attempt, string error);
    }
}
