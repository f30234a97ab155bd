using System.Security.Claims;
using System.Text.Json;
using AisLive.Server.Live;
using AisLive.Server.Security;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>
/// Writes alert state changes and delivers their events to the recipients' open alerts streams (admins get
/// everything). Writes are serialised, so events reach every stream in <c>alert_events.seq</c> order and a
/// stream's resume point (<c>Last-Event-ID</c>) is exact. The durable log, not this hub, is what a stream
/// replays from after a disconnect: delivery is at-least-once.
/// </summary>
public sealed class AlertHub(AlertStore store, LiveMetrics metrics, IOptions<LiveOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<StreamSubscriber> _subscribers = [];

    public async Task<AlertView> RaiseAsync(AlertTransition transition, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var (alert, evt) = await store.RaiseAsync(transition, recipients, time.GetUtcNow(), cancellationToken);
            Publish(evt);
            return alert;
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task ResolveAsync(AlertTransition transition, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (await store.ResolveAsync(transition.Rule.Id, transition.Mmsi, transition.EvidenceAt, transition.Message, cancellationToken) is { } evt)
            {
                Publish(evt);
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>The alert after acknowledging (the first acknowledgement if there was one already); null when unknown.</summary>
    public async Task<AlertView?> AcknowledgeAsync(long id, string user, string? note, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var result = await store.AcknowledgeAsync(id, user, note, time.GetUtcNow(), cancellationToken);
            if (result is { Event: { } evt })
            {
                Publish(evt);
            }

            return result?.Alert;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Registers an alerts stream and queues what it needs first: every event after <paramref name="lastEventId"/>
    /// from the log, or, without one, the caller's open alerts (ids set to the log's current end, so a reconnect
    /// resumes from there). Live events published meanwhile are queued too; the writer skips repeats.
    /// </summary>
    public async Task<StreamSubscriber> SubscribeAsync(ClaimsPrincipal user, string? lastEventId, CancellationToken cancellationToken)
    {
        var subscriber = new StreamSubscriber(new StreamScope.Alerts(), user, options.Value.MaxQueuedVesselsPerClient, metrics);
        lock (_gate)
        {
            _subscribers.Add(subscriber);
        }

        metrics.Connected("alerts", +1);
        var recipient = user.IsAdmin() ? null : user.UserId();
        if (long.TryParse(lastEventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var after))
        {
            foreach (var evt in await store.EventsAfterAsync(after, recipient, 100_000, cancellationToken))
            {
                subscriber.Offer(SseEvent.Alert(evt.Type, evt.Payload, evt.Seq));
            }
        }
        else
        {
            var watermark = await store.LatestSeqAsync(cancellationToken);
            foreach (var alert in (await store.ListAsync(recipient, ["open", "acknowledged"], 10_000, cancellationToken)).OrderBy(a => a.Id))
            {
                subscriber.Offer(SseEvent.Alert("alert", JsonSerializer.Serialize(alert, JsonSerializerOptions.Web), watermark, durable: false));
            }
        }

        return subscriber;
    }

    public void Unsubscribe(StreamSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscriber);
        }

        subscriber.Close();
        metrics.Connected("alerts", -1);
    }

    private void Publish(AlertEvent evt)
    {
        var sse = SseEvent.Alert(evt.Type, evt.Payload, evt.Seq);
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                if (subscriber.User.IsAdmin() || evt.Recipients.Contains(subscriber.User.UserId()))
                {
                    subscriber.Offer(sse);
                }
            }
        }
    }
}
