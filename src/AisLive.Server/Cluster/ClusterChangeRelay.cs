using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using AisLive.Server.Alerts;
using AisLive.Server.Fleets;
using AisLive.Server.Ingest;
using AisLive.Server.Pipeline;
using AisLive.Server.Storage;

namespace AisLive.Server.Cluster;

/// <summary>
/// Carries what changes in PostgreSQL through one node's API to every other node, on plain NATS subjects (a lost
/// message is a stale view, not lost data: the data is in PostgreSQL). Each message names the node it came from, so
/// a node ignores its own. A fleet id: the others read that fleet again. Rules: the others reload them. New alert
/// events: the others ring their alert feeds (which also read once a second regardless). And the leader's feed
/// state, on every change and every two seconds, which the other nodes report as theirs until three announcements in
/// a row are missed. The notices are fast, not sure: <see cref="ConfigReconciler"/> makes fleet and rule changes arrive
/// even when a notice is lost.
/// </summary>
public sealed partial class ClusterChangeRelay(
    ClusterConnection cluster,
    FleetService fleets,
    RuleDirectory rules,
    AlertHub alerts,
    FeedStatus feed,
    IIngestLeadership leadership,
    DatabaseRetry retry,
    TimeProvider time,
    ILogger<ClusterChangeRelay> logger) : BackgroundService
{
    private static readonly TimeSpan FeedEvery = TimeSpan.FromSeconds(2);
    private long _mirroredAt;
    private readonly Channel<(string Subject, string Body)> _outgoing = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = cluster.NodeId;
        void Send(string subject, string body = "") => _outgoing.Writer.TryWrite((subject, $"{self}\n{body}"));
        Action<long> fleetWritten = id => Send(ClusterNames.FleetChanged, id.ToString(CultureInfo.InvariantCulture));
        Action rulesWritten = () => Send(ClusterNames.RulesChanged);
        Action alertsAppended = () => Send(ClusterNames.AlertEventsAppended);
        Action<FeedSnapshot> feedChanged = snapshot =>
        {
            if (leadership.IsLeader)
            {
                Send(ClusterNames.Feed, JsonSerializer.Serialize(snapshot, JsonSerializerOptions.Web));
            }
        };
        fleets.Written += fleetWritten;
        rules.Written += rulesWritten;
        alerts.Appended += alertsAppended;
        feed.Changed += feedChanged;
        try
        {
            await Task.WhenAll(
                SendAsync(stoppingToken),
                AnnounceFeedAsync(feedChanged, stoppingToken),
                ListenAsync(ClusterNames.FleetChanged, body => fleets.ReloadAsync(long.Parse(body, CultureInfo.InvariantCulture), stoppingToken), stoppingToken),
                ListenAsync(ClusterNames.RulesChanged, _ => rules.ReloadAsync(stoppingToken), stoppingToken),
                ListenAsync(ClusterNames.AlertEventsAppended, _ => { alerts.Ring(); return Task.CompletedTask; }, stoppingToken),
                ListenAsync(ClusterNames.Feed, body => MirrorFeed(body), stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            fleets.Written -= fleetWritten;
            rules.Written -= rulesWritten;
            alerts.Appended -= alertsAppended;
            feed.Changed -= feedChanged;
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await foreach (var (subject, body) in _outgoing.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await cluster.Nats.PublishAsync(subject, body, cancellationToken: stoppingToken);
            }
            catch (Exception ex) when (ex is NATS.Client.Core.NatsException)
            {
                Log.RelayFailed(logger, subject, ex.Message);
            }
        }
    }

    private async Task AnnounceFeedAsync(Action<FeedSnapshot> announce, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FeedEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            announce(feed.Snapshot());
            var mirroredAt = Interlocked.Read(ref _mirroredAt);
            if (!leadership.IsLeader && mirroredAt != 0 && time.GetElapsedTime(mirroredAt) > FeedEvery * 3)
            {
                // The leader's snapshots stopped (it died, or this node is cut off): its state is no longer known here.
                Interlocked.Exchange(ref _mirroredAt, 0);
                feed.Leader = null;
                feed.Mirror(null);
                Log.FeedStateExpired(logger);
            }
        }
    }

    private async Task ListenAsync(string subject, Func<string, Task> apply, CancellationToken stoppingToken)
    {
        await foreach (var message in cluster.Nats.SubscribeAsync<string>(subject, cancellationToken: stoppingToken))
        {
            var text = message.Data ?? string.Empty;
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            if (newline < 0 || text.AsSpan(0, newline).SequenceEqual(cluster.NodeId))
            {
                continue; // our own, or not ours to read
            }

            // A reload that meets a database outage is retried until it lands (a node must not keep stale fleets or
            // rules); only a message that cannot be read is logged and dropped.
            var body = text[(newline + 1)..];
            try
            {
                await retry.For($"Applying another node's change ({subject})").ExecuteAsync(_ => new ValueTask(apply(body)), stoppingToken);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or JsonException)
            {
                Log.ApplyFailed(logger, subject, ex.Message);
            }
        }
    }

    private Task MirrorFeed(string body)
    {
        if (!leadership.IsLeader && JsonSerializer.Deserialize<FeedSnapshot>(body, JsonSerializerOptions.Web) is { } snapshot)
        {
            feed.Leader = snapshot.Leader;
            feed.Mirror(snapshot);
            Interlocked.Exchange(ref _mirroredAt, time.GetTimestamp());
        }

        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8501, Level = LogLevel.Warning, Message = "Could not tell the other nodes ({Subject}): {Error}")]
        public static partial void RelayFailed(ILogger logger, string subject, string error);

        [LoggerMessage(EventId = 8503, Level = LogLevel.Warning, Message = "No feed state from the leader for three announcements: reporting none")]
        public static partial void FeedStateExpired(ILogger logger);

        [LoggerMessage(EventId = 8502, Level = LogLevel.Warning, Message = "Could not read another node's change ({Subject}): {Error}")]
        public static partial void ApplyFailed(ILogger logger, string subject, string error);
    }
}
