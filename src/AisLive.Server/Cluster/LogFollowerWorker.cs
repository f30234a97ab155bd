using AisLive.Server.Live;
using AisLive.Server.Pipeline;
using AisLive.Server.Storage;
using AisLive.Server.Vessels;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace AisLive.Server.Cluster;

/// <summary>
/// Every node: applies the cluster's log, in order, to its own vessel cache and streams, with each message's log
/// position as its event sequence, so all nodes hold the same states under the same ids. It reads through a consumer
/// of its own, created before anything else is read: from then on the log keeps what this node has not read (the
/// log's retention is by interest). Then it loads the vessels' last stored states from PostgreSQL (everything the log
/// no longer holds was stored before the consumer was created), then applies the log. A message older than a
/// vessel's state changes nothing, so the overlap is harmless.
/// <para>
/// Fencing: every record carries the leadership term it was decoded in (<see cref="ClusterNames.TermHeader"/>). A
/// record of a former term that lands after a later term's (a paused leader's late publishes, or a killed one's
/// journal published when it comes back) is stored by the writer but not applied here: the later leader has the feed,
/// and its order is the one every node shows. Every node reads the same log in the same order, so every node skips
/// the same records.
/// </para>
/// <para>
/// When the consumer fails (NATS away longer than the client rides out, or the server deleted it after
/// <see cref="InactiveAfter"/> without this node) it is created again after the last position applied; a gap (the log
/// moved past positions this node never read: they were stored meanwhile) is closed by reading the stored states
/// again first, never skipped.
/// </para>
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
    /// <summary>
    /// How long JetStream keeps a follower's consumer without its node. Short, because it holds the log's messages for
    /// a node that may be dead; a node back after longer closes the gap from PostgreSQL.
    /// </summary>
    public static readonly TimeSpan InactiveAfter = TimeSpan.FromSeconds(30);

    /// <summary>No message for this long while the log has some past this node's position: the consumer is opened again.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(3);

    private long _highestTerm;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var epoch = await cluster.EnsureLogAsync(stoppingToken);
        long applied = -1; // nothing yet: the first opening loads the stored states
        string? previous = null; // deleted only once its successor holds interest, so the log never drops what neither had
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var name = $"follow-{cluster.NodeId}-{Guid.NewGuid():N}";
                    var consumer = await cluster.JetStream.CreateOrUpdateConsumerAsync(ClusterNames.Stream, FollowerConfig(name, applied, cluster.Options.Replicas), stoppingToken);
                    await DeleteQuietlyAsync(previous);
                    previous = name;
                    var log = await cluster.LogStateAsync(stoppingToken);
                    if (applied < 0 || (log.Messages > 0 && (long)log.FirstSeq > applied + 1) || (log.Messages == 0 && (long)log.LastSeq > applied))
                    {
                        var position = log.Messages == 0 ? (long)log.LastSeq : (long)log.FirstSeq - 1;
                        await LoadStoredAsync(epoch, position, first: applied < 0, stoppingToken);
                        applied = Math.Max(applied, position);
                    }

                    if (log.LastSeq <= (ulong)applied)
                    {
                        state.CaughtUp = true;
                    }

                    using var stalled = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var watching = WatchForStallAsync(() => Interlocked.Read(ref applied), stalled, stoppingToken);
                    try
                    {
                        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: stalled.Token))
                        {
                            var sequence = (long)(message.Metadata?.Sequence.Stream ?? 0);
                            if (sequence <= applied)
                            {
                                continue; // already applied (a redelivery after a reconnect)
                            }

                            if (sequence > applied + 1)
                            {
                                // Messages the log dropped before this consumer held interest in them (they were stored):
                                // their vessels are read from PostgreSQL first, never skipped.
                                Log.Skipped(logger, applied, sequence);
                                await LoadStoredAsync(epoch, sequence - 1, first: false, stoppingToken);
                            }

                            Interlocked.Exchange(ref applied, sequence);
                            Apply(message, sequence);
                        }
                    }
                    catch (OperationCanceledException) when (stalled.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                    {
                        Log.Stalled(logger, applied); // opened again below, after the last position applied
                    }
                    finally
                    {
                        await stalled.CancelAsync();
                        await watching;
                    }
                }
                catch (Exception ex) when (ClusterConnection.IsOutage(ex) && !stoppingToken.IsCancellationRequested)
                {
                    Log.Interrupted(logger, applied, ex.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }
            }
        }
        finally
        {
            await DeleteQuietlyAsync(previous);
        }
    }

    /// <summary>
    /// Cancels <paramref name="stalled"/> when the log holds messages past <paramref name="applied"/> and none arrived for
    /// <see cref="StallAfter"/>: the consumer is gone (the server deleted it while this process was paused or cut off
    /// for longer than <see cref="InactiveAfter"/>) and the client does not always say so.
    /// </summary>
    private async Task WatchForStallAsync(Func<long> applied, CancellationTokenSource stalled, CancellationToken stoppingToken)
    {
        var before = applied();
        try
        {
            while (!stalled.IsCancellationRequested)
            {
                await Task.Delay(StallAfter, time, stalled.Token);
                var now = applied();
                if (now == before && (long)(await cluster.LogStateAsync(stalled.Token)).LastSeq > now)
                {
                    await stalled.CancelAsync();
                    return;
                }

                before = now;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException || ClusterConnection.IsOutage(ex))
        {
            // the consume ended, or NATS is away: the consume says so by itself then
        }
    }

    /// <summary>
    /// A consumer of this node's own: unacknowledged (a message counts as read once delivered), one copy, on file, so
    /// that it outlives a restart of its NATS server (in memory, it would be gone, the log would drop what only it
    /// still held, and every NATS restart would become a gap to close from PostgreSQL).
    /// </summary>
    private static ConsumerConfig FollowerConfig(string name, long applied, int replicas) => new(name)
    {
        AckPolicy = ConsumerConfigAckPolicy.None,
        DeliverPolicy = applied < 0 ? ConsumerConfigDeliverPolicy.All : ConsumerConfigDeliverPolicy.ByStartSequence,
        OptStartSeq = applied < 0 ? 0 : (ulong)applied + 1,
        InactiveThreshold = InactiveAfter,
        NumReplicas = 1,
        MemStorage = replicas > 1, // against one server, on file (it outlives a restart); against several, in memory: one CI run on file stalled the log after a server was lost, cause not found
    };

    private async Task DeleteQuietlyAsync(string? name)
    {
        if (name is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await cluster.JetStream.DeleteConsumerAsync(ClusterNames.Stream, name, timeout.Token);
        }
#pragma warning disable CA1031 // Deleting the old consumer is tidying up: whatever fails, the server deletes it after InactiveAfter.
        catch (Exception)
#pragma warning restore CA1031
        {
            // it lapses by itself
        }
    }

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
        var pending = (long)(message.Metadata?.NumPending ?? 0);
        state.AppliedUpTo(sequence, pending);
        if (pending == 0 && !state.CaughtUp)
        {
            state.CaughtUp = true;
            Log.CaughtUp(logger, sequence);
        }

        var term = TermOf(message);
        if (term < _highestTerm)
        {
            state.FormerTermSkipped();
            return; // a former leader's record, landing after its successor's: stored, not shown
        }

        _highestTerm = term;
        if (!LogRecord.TryDecode(message.Data, time.GetTimestamp(), out var decoded))
        {
            return; // the storage worker quarantines it
        }

        hub.Apply(decoded, sequence);
        metrics.ReceiveToCache(time.GetUtcNow() - decoded.ReceivedAtUtc);
    }

    /// <summary>The term a record was decoded in; 0 for a record without one (written before terms were carried).</summary>
    public static long TermOf(INatsJSMsg<byte[]> message) =>
        message.Headers is { } headers && headers.TryGetValue(ClusterNames.TermHeader, out var value)
        && long.TryParse(value.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var term) ? term : 0;

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

        [LoggerMessage(EventId = 8306, Level = LogLevel.Warning, Message = "Reading the cluster log stalled after position {Position} (its consumer is gone); opening it again")]
        public static partial void Stalled(ILogger logger, long position);

        [LoggerMessage(EventId = 8305, Level = LogLevel.Warning, Message = "The cluster log went from position {Applied} to {Sequence} on this node (what it dropped between was stored): reading those vessels from PostgreSQL")]
        public static partial void Skipped(ILogger logger, long applied, long sequence);
    }
}
