using AisLive.Server.Live;
using AisLive.Server.Pipeline;
using AisLive.Server.Storage;
using AisLive.Server.Vessels;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace AisLive.Server.Cluster;

/// <summary>
/// Every node: applies the cluster's log, in order, to its own vessel cache and streams, with each message's log
/// position as its event sequence, so all nodes hold the same states under the same ids. At start it first opens
/// an ordered consumer from the log's beginning (from then on the log keeps what this node has not read), then
/// loads the vessels' last stored states from PostgreSQL (everything the log no longer holds was stored before the
/// consumer opened), then applies the log. A message older than a vessel's state changes nothing, so the overlap is
/// harmless. When the consumer fails (NATS away longer than its client rides out) it is opened again after the last
/// position applied; if the log has moved past positions this node never read (they were stored meanwhile), the
/// stored states are read again first, so the node's cache catches up with what it missed.
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
        long applied = -1; // nothing yet: the first opening loads the stored states
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var consumer = await cluster.JetStream.CreateOrderedConsumerAsync(ClusterNames.Stream, After(applied), stoppingToken);
                var log = await cluster.LogStateAsync(stoppingToken);
                if (applied < 0 || (log.Messages > 0 && (long)log.FirstSeq > applied + 1))
                {
                    var position = log.Messages == 0 ? (long)log.LastSeq : (long)log.FirstSeq - 1;
                    await LoadStoredAsync(epoch, position, first: applied < 0, stoppingToken);
                    applied = Math.Max(applied, position);
                }

                if (log.LastSeq <= (ulong)applied)
                {
                    state.CaughtUp = true;
                }

                await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: stoppingToken))
                {
                    applied = (long)(message.Metadata?.Sequence.Stream ?? 0);
                    Apply(message, applied);
                }
            }
            catch (Exception ex) when (ClusterConnection.IsOutage(ex) && !stoppingToken.IsCancellationRequested)
            {
                Log.Interrupted(logger, applied, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private static NatsJSOrderedConsumerOpts After(long applied) => applied < 0
        ? new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.All }
        : new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence, OptStartSeq = (ulong)applied + 1 };

    /// <summary>The vessels' stored states: the whole cache at start, or what this node missed after a gap.</summary>
    private async Task LoadStoredAsync(string epoch, long position, bool first, CancellationToken stoppingToken)
    {
        await database.WaitForMigrationAsync(stoppingToken);
        var since = time.GetUtcNow() - cluster.Options.WarmStartWindow;
        var known = await retry.For("Loading the vessels' stored states").ExecuteAsync(token => new ValueTask<List<(VesselState, DateTimeOffset)>>(stored.LoadAsync(since, token)), stoppingToken);
        if (first)
        {
            hub.StartSequenceAt(epoch, position, known);
            Log.Following(logger, known.Count, position);
        }
        else
        {
            var changed = hub.CatchUp(known, position);
            Log.Gap(logger, position, changed);
        }
    }

    private void Apply(INatsJSMsg<byte[]> message, long sequence)
    {
        if (!LogRecord.TryDecode(message.Data, time.GetTimestamp(), out var decoded))
        {
            return; // the storage worker logs it
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 8301, Level = LogLevel.Information, Message = "Following the cluster log: {Vessels} stored vessel states loaded, log applied after position {Position}")]
        public static partial void Following(ILogger logger, int vessels, long position);

        [LoggerMessage(EventId = 8302, Level = LogLevel.Information, Message = "Caught up with the cluster log at position {Position}")]
        public static partial void CaughtUp(ILogger logger, long position);

        [LoggerMessage(EventId = 8303, Level = LogLevel.Warning, Message = "Reading the cluster log stopped after position {Position} ({Error}); opening it again")]
        public static partial void Interrupted(ILogger logger, long position, string error);

        [LoggerMessage(EventId = 8304, Level = LogLevel.Warning, Message = "The cluster log moved on while this node was away (now from position {Position}): {Changed} vessel states caught up from PostgreSQL")]
        public static partial void Gap(ILogger logger, long position, int changed);
    }
}
