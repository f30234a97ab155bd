using AisLive.Server.Pipeline;
using AisLive.Server.Workers;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace AisLive.Server.Cluster;

/// <summary>
/// On the leader: drains the writer channel into the cluster's log. Up to <see cref="ClusterOptions.PublishWindow"/>
/// publishes are in flight at once (JetStream confirms each), so publishing does not wait a round trip per message.
/// A publish that fails (NATS away, the log full) is sent again with the same message id until JetStream takes it
/// (its de-duplication makes a resend harmless); meanwhile the window stays full, the channel fills and ingest slows:
/// nothing is dropped. On shutdown it publishes everything the decoder completed the channel with.
/// </summary>
public sealed partial class LogPublisherWorker(
    PipelineChannels channels,
    ClusterConnection cluster,
    ClusterState state,
    TimeProvider time,
    ILogger<LogPublisherWorker> logger) : DrainOnStop
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await cluster.EnsureLogAsync(stoppingToken);
        var window = cluster.Options.PublishWindow;
        var inFlight = new Queue<(Task<PubAckResponse> Ack, byte[] Body, string Id)>(window);
        await foreach (var decoded in channels.Writer.Reader.ReadAllAsync(stoppingToken))
        {
            var body = LogRecord.Encode(decoded);
            var id = LogRecord.MessageId(decoded);
            inFlight.Enqueue((Publish(body, id, stoppingToken), body, id));
            while (inFlight.Count >= window || (inFlight.TryPeek(out var oldest) && oldest.Ack.IsCompleted))
            {
                await ConfirmAsync(inFlight.Dequeue(), stoppingToken);
            }
        }

        while (inFlight.TryDequeue(out var pending))
        {
            await ConfirmAsync(pending, stoppingToken);
        }
    }

    private Task<PubAckResponse> Publish(byte[] body, string id, CancellationToken cancellationToken) =>
        cluster.JetStream.PublishAsync(ClusterNames.MessagesSubject, body, opts: new NatsJSPubOpts { MsgId = id }, cancellationToken: cancellationToken).AsTask();

    /// <summary>Waits for JetStream to confirm one publish, sending it again until it does.</summary>
    private async Task ConfirmAsync((Task<PubAckResponse> Ack, byte[] Body, string Id) publish, CancellationToken stoppingToken)
    {
        var ack = publish.Ack;
        while (true)
        {
            try
            {
                var response = await ack;
                response.EnsureSuccess();
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
                ack = Publish(publish.Body, publish.Id, stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8201, Level = LogLevel.Error, Message = "The cluster log refuses messages ({Error}): ingest is held back until it takes them")]
        public static partial void PublishRefused(ILogger logger, string error);

        [LoggerMessage(EventId = 8202, Level = LogLevel.Information, Message = "The cluster log takes messages again")]
        public static partial void PublishingAgain(ILogger logger);
    }
}
