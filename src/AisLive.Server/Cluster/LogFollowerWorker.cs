using AisLive.Server.Live;
using AisLive.Server.Pipeline;
using AisLive.Server.Storage;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace AisLive.Server.Cluster;

/// <summary>
/// Every node: applies the cluster's log, in order, to its own vessel cache and streams, with each message's log
/// position as its event sequence, so all nodes hold the same states under the same ids. At start it first opens
/// an ordered consumer from the log's beginning (from then on the log keeps what this node has not read), then
/// loads the vessels' last stored states from PostgreSQL (everything the log no longer holds was stored before the
/// consumer opened), then applies the log. A message older than a vessel's state changes nothing, so the overlap is
/// harmless. The NATS client re-creates the ordered consumer after a reconnect, from where it had reached.
/// </summary>
public sealed partial class LogFollowerWorker(
    ClusterConnection cluster,
    ClusterState state,
    StoredVesselStates stored,
    DatabaseState database,
    DatabaseRetry retry,
    LiveHub hub,
    PipelineMetrics metrics,
    TimeProvider time,
    ILogger<LogFollowerWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var epoch = await cluster.EnsureLogAsync(stoppingToken);
        var consumer = await cluster.JetStream.CreateOrderedConsumerAsync(ClusterNames.Stream, new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.All }, stoppingToken);
        var log = await cluster.LogStateAsync(stoppingToken);
        var position = log.Messages == 0 ? (long)log.LastSeq : (long)log.FirstSeq - 1;

        await database.WaitForMigrationAsync(stoppingToken);
        var since = time.GetUtcNow() - cluster.Options.WarmStartWindow;
        var known = await retry.For("Loading the vessels' stored states").ExecuteAsync(token => new ValueTask<List<(VesselState, DateTimeOffset)>>(stored.LoadAsync(since, token)), stoppingToken);
        hub.FollowLog(epoch, position, known);
        Log.Following(logger, known.Count, position, (long)log.LastSeq);
        if (log.LastSeq <= (ulong)position)
        {
            state.CaughtUp = true;
        }

        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: stoppingToken))
        {
            var sequence = (long)(message.Metadata?.Sequence.Stream ?? 0);
            if (!LogRecord.TryDecode(message.Data, time.GetTimestamp(), out var decoded))
            {
                continue; // the storage worker logs it
            }

            hub.Apply(decoded, sequence);
            var pending = (long)(message.Metadata?.NumPending ?? 0);
            state.AppliedUpTo(sequence, pending);
            if (pending == 0 && !state.CaughtUp)
            {
                state.CaughtUp = true;
                Log.CaughtUp(logger, sequence);
            }

            metrics.ReceiveToCache(time.GetUtcNow() - decoded.ReceivedAtUtc);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8301, Level = LogLevel.Information, Message = "Following the cluster log: {Vessels} stored vessel states loaded, log applied after position {Position} (last {Last})")]
        public static partial void Following(ILogger logger, int vessels, long position, long last);

        [LoggerMessage(EventId = 8302, Level = LogLevel.Information, Message = "Caught up with the cluster log at position {Position}")]
        public static partial void CaughtUp(ILogger logger, long position);
    }
}
