using AisLive.Server.Storage.Journal;
using AisLive.Server.Workers;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace AisLive.Server.Cluster;

/// <summary>
/// Every node: drains this node's journal into the cluster's log. The leader's decoded messages are in its journal
/// (fsynced every <see cref="Storage.StorageOptions.JournalFsyncInterval"/>) before they are published, so a kill -9
/// loses at most that interval of what it received, and the node publishes what it had kept when it starts again,
/// leader or not (the log's de-duplication drops what it already has; what it does not is stored, and every node's
/// live state skips it as a former term's). Each record is published with its message id and its term
/// (<see cref="ClusterNames.TermHeader"/>); up to <see cref="ClusterOptions.PublishWindow"/> are in flight at once, and
/// the journal is retired only up to what JetStream confirmed. A publish that fails (NATS away, the log full) is sent
/// again with the same id until JetStream takes it; meanwhile the journal grows, up to its limit, and only then does
/// ingest slow: nothing is dropped. On shutdown it publishes everything the appender journaled.
/// </summary>
public sealed partial class LogPublisherWorker(
    WriteAheadJournal journal,
    ClusterConnection cluster,
    ClusterState state,
    TimeProvider time,
    ILogger<LogPublisherWorker> logger) : DrainOnStop
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await cluster.EnsureLogAsync(stoppingToken);
        if (journal.RecoveredBacklogBytes > 0)
        {
            Log.Recovering(logger, journal.RecoveredBacklogBytes);
        }

        var window = cluster.Options.PublishWindow;
        var batch = new Storage.StorageBatch(window);
        var inFlight = new Queue<(Task<PubAckResponse> Ack, JournaledRecord Record)>(window);
        var cursor = journal.Checkpoint;
        var recoveredUpTo = journal.RecoveredBacklogBytes > 0 ? journal.Written : (Storage.Journal.JournalPosition?)null; // a new run appends after this
        while (true)
        {
            cursor = journal.Read(cursor, window, batch);
            var drained = journal.IsCompleted && cursor >= journal.Written;
            foreach (var bytes in batch.Messages)
            {
                if (JournaledRecord.TryDecode(bytes) is not { } record)
                {
                    Log.Unreadable(logger);
                    continue;
                }

                inFlight.Enqueue((Publish(record, stoppingToken), record));
                while (inFlight.TryPeek(out var oldest) && oldest.Ack.IsCompleted)
                {
                    await ConfirmAsync(inFlight.Dequeue(), stoppingToken);
                }
            }

            // Retired only once everything read so far is confirmed: a crash before then publishes it again, harmlessly.
            while (inFlight.TryDequeue(out var pending))
            {
                await ConfirmAsync(pending, stoppingToken);
            }

            var readSomething = batch.Count > 0 || cursor > journal.Checkpoint;
            if (cursor > journal.Checkpoint)
            {
                journal.Retire(cursor);
            }

            if (recoveredUpTo is { } recovered && cursor >= recovered)
            {
                recoveredUpTo = null;
                Log.Recovered(logger);
            }

            batch.Clear();
            if (drained)
            {
                return; // shutdown: everything journaled is in the log
            }

            if (!readSomething)
            {
                await journal.Appended.WaitAsync(stoppingToken);
            }
        }
    }

    private Task<PubAckResponse> Publish(JournaledRecord record, CancellationToken cancellationToken)
    {
        var headers = new NatsHeaders { [ClusterNames.TermHeader] = record.Term.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return cluster.JetStream.PublishAsync(ClusterNames.MessagesSubject, record.Body, opts: new NatsJSPubOpts { MsgId = record.Id }, headers: headers, cancellationToken: cancellationToken).AsTask();
    }

    /// <summary>Waits for JetStream to confirm one publish, sending it again until it does.</summary>
    private async Task ConfirmAsync((Task<PubAckResponse> Ack, JournaledRecord Record) publish, CancellationToken stoppingToken)
    {
        var ack = publish.Ack;
        while (true)
        {
            try
            {
                var response = await ack;
                if (response.Error is not null || !response.Duplicate)
                {
                    response.EnsureSuccess(); // not for a duplicate, which it throws for: the log has that message, which is all we ask
                }

                state.PublishConfirmed(response.Duplicate);
                if (state.PublishBlocked is not null)
                {
                    state.PublishBlocked = null;
                    Log.PublishingAgain(logger);
                }

                return;
            }
            catch (Exception ex) when (ex is NatsJSException || (ClusterConnection.IsOutage(ex) && !stoppingToken.IsCancellationRequested))
            {
                if (state.PublishBlocked is null)
                {
                    Log.PublishRefused(logger, ex.Message);
                }

                state.PublishBlocked = ex.Message;
                await Task.Delay(RetryAfter, time, stoppingToken);
                ack = Publish(publish.Record, stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8201, Level = LogLevel.Error, Message = "The cluster log refuses messages ({Error}): they wait in the journal until it takes them")]
        public static partial void PublishRefused(ILogger logger, string error);

        [LoggerMessage(EventId = 8202, Level = LogLevel.Information, Message = "The cluster log takes messages again")]
        public static partial void PublishingAgain(ILogger logger);

        [LoggerMessage(EventId = 8203, Level = LogLevel.Information, Message = "Publishing {Bytes} journal bytes this node kept from its previous run")]
        public static partial void Recovering(ILogger logger, long bytes);

        [LoggerMessage(EventId = 8205, Level = LogLevel.Information, Message = "The messages this node kept from its previous run are in the log")]
        public static partial void Recovered(ILogger logger);

        [LoggerMessage(EventId = 8204, Level = LogLevel.Error, Message = "A journal record is not a message record; skipped")]
        public static partial void Unreadable(ILogger logger);
    }
}
