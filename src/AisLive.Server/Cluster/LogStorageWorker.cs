using AisLive.Server.Storage;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;

namespace AisLive.Server.Cluster;

/// <summary>
/// Every node: the PostGIS writer, reading the cluster's log through one durable consumer that all nodes share, so
/// each message goes to one node's batch. A batch is stored in one transaction (the same writer as one process) and
/// only then acknowledged. A node killed mid-batch acknowledged nothing of it: JetStream gives those messages to a
/// node again after the consumer's ack wait, and the idempotent write (key mmsi, ts) stores each once. During a
/// database outage the batch is retried; the log keeps everything unacknowledged (its retention is by interest).
/// Poison never stalls it: a record that is not a message is quarantined and acknowledged, and rows the database
/// refuses for their content are split out and quarantined by <see cref="BatchStore"/>, the rest stored.
/// </summary>
public sealed partial class LogStorageWorker(
    ClusterConnection cluster,
    ClusterState state,
    BatchStore store,
    Pipeline.IQuarantine quarantine,
    DatabaseState database,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<LogStorageWorker> logger) : BackgroundService
{
    private static readonly TimeSpan FetchWait = TimeSpan.FromSeconds(1); // the shortest a pull request may wait

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitForMigrationAsync(stoppingToken);
        await cluster.EnsureLogAsync(stoppingToken);
        INatsJSConsumer? consumer = null;
        var settings = options.Value;
        var batch = new StorageBatch(settings.BatchSize);
        var messages = new List<INatsJSMsg<byte[]>>(settings.BatchSize);
        while (!stoppingToken.IsCancellationRequested)
        {
            batch.Clear();
            messages.Clear();
            try
            {
                consumer ??= await cluster.JetStream.GetConsumerAsync(ClusterNames.Stream, ClusterNames.StorageConsumer, stoppingToken);
                await foreach (var message in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = settings.BatchSize, Expires = FetchWait }, cancellationToken: stoppingToken))
                {
                    if (LogRecord.TryDecode(message.Data, 0, out var decoded))
                    {
                        batch.Add(decoded);
                    }
                    else
                    {
                        // Kept aside and acknowledged with the batch: redelivered, it would stall storage on every node for ever.
                        Log.Unreadable(logger, message.Metadata?.Sequence.Stream ?? 0);
                        quarantine.Reject(new Pipeline.RawFrame(message.Data ?? [], time.GetUtcNow(), time.GetTimestamp()), "cluster-log", "unreadable_log_record", null);
                    }

                    messages.Add(message);
                }
            }
            catch (Exception ex) when (ClusterConnection.IsOutage(ex) && !stoppingToken.IsCancellationRequested)
            {
                Log.FetchFailed(logger, ex.Message); // NATS is away: the client reconnects; what was fetched is stored below
                await Task.Delay(FetchWait, time, stoppingToken);
            }

            if (messages.Count == 0)
            {
                continue;
            }

            await store.StoreAsync(batch, "cluster-log", stoppingToken);
            try
            {
                foreach (var message in messages)
                {
                    await message.AckAsync(cancellationToken: stoppingToken);
                }
            }
            catch (Exception ex) when (ClusterConnection.IsOutage(ex) && !stoppingToken.IsCancellationRequested)
            {
                Log.FetchFailed(logger, ex.Message); // unacknowledged: redelivered after the ack wait and stored again, harmlessly
            }

            state.StoredBatch(messages.Count);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8401, Level = LogLevel.Warning, Message = "Reading the cluster log for storage failed: {Error}")]
        public static partial void FetchFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 8402, Level = LogLevel.Error, Message = "Cluster log message {Sequence} is not a message record: kept in rejected_messages and acknowledged")]
        public static partial void Unreadable(ILogger logger, ulong sequence);
    }
}
