using System.Security.Claims;
using AisLive.Server.Security;
using AisLive.Server.Streaming;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>
/// Writes alert state changes and delivers their events to the recipients' open alerts streams (admins get
/// everything). Events are delivered from the log (<c>alert_events</c>), in its order, by <see cref="AlertEventFeed"/>:
/// each write rings it, and so does another cluster node's write (through <see cref="Appended"/> and <see cref="Ring"/>),
/// so a stream's resume point (<c>Last-Event-ID</c>) is exact on any node. The durable log, not this hub, is what a
/// stream replays from after a disconnect: delivery is at-least-once.
/// </summary>
public sealed class AlertHub(AlertStore store, AlertRetentionStore retention, AlertAudience audience, StreamMetrics metrics, IOptions<AlertOptions> alertOptions, Storage.DecisionClock clock) : IDisposable
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<StreamSubscriber> _subscribers = [];

    /// <summary>Raised after this process appended events to the log (a cluster node tells the others).</summary>
    public event Action? Appended;

    /// <summary>Rings when the log may have new events: <see cref="AlertEventFeed"/> reads them.</summary>
    public Doorbell Doorbell { get; } = new();

    /// <summary>New events may be in the log (written here or by another node).</summary>
    public void Ring() => Doorbell.Ring();

    /// <summary>The new alert, or null when the store already had this episode (see <see cref="AlertStore.RaiseAsync"/>).</summary>
    public async Task<AlertView?> RaiseAsync(AlertTransition transition, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (await store.RaiseAsync(transition, recipients, await clock.NowAsync(cancellationToken), cancellationToken) is not var (alert, evt))
            {
                return null;
            }

            Written();
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
            if (await store.ResolveAsync(transition.Rule.Id, transition.Mmsi, transition.OtherMmsi, transition.EvidenceAt, transition.Message, transition.Term, cancellationToken, transition.Evidence) is not null)
            {
                Written();
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Moves an open episode's evidence on (see <see cref="AlertStore.UpdateAsync"/>).</summary>
    public async Task UpdateAsync(AlertTransition transition, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (await store.UpdateAsync(transition, cancellationToken) is not null)
            {
                Written();
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
            var result = await store.AcknowledgeAsync(id, user, note, await clock.NowAsync(cancellationToken), cancellationToken);
            if (result is { Event: not null })
            {
                Written();
            }

            return result?.Alert;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Shelves the alert's rule and vessel for <paramref name="minutes"/> (see <see cref="AlertStore.ShelveAsync"/>); null when unknown.</summary>
    public async Task<AlertView?> ShelveAsync(long id, string user, int minutes, string reason, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var now = await clock.NowAsync(cancellationToken);
            var alert = await store.ShelveAsync(id, user, reason, now, now.AddMinutes(minutes), cancellationToken);
            if (alert is not null)
            {
                Written();
            }

            return alert;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Ends every shelf whose time is up on the service clock; returns how many.</summary>
    public async Task<int> UnshelveDueAsync(CancellationToken cancellationToken)
    {
        var ended = 0;
        while (true)
        {
            await _writes.WaitAsync(cancellationToken);
            try
            {
                if (!await store.UnshelveNextDueAsync(await clock.NowAsync(cancellationToken), cancellationToken))
                {
                    return ended;
                }

                Written();
                ended++;
            }
            finally
            {
                _writes.Release();
            }
        }
    }

    /// <summary>Escalates every alert whose deadline has passed on the service clock; returns how many.</summary>
    public async Task<int> EscalateDueAsync(CancellationToken cancellationToken)
    {
        var escalated = 0;
        while (true)
        {
            await _writes.WaitAsync(cancellationToken);
            try
            {
                if (await store.EscalateNextDueAsync(await clock.NowAsync(cancellationToken), cancellationToken) is null)
                {
                    return escalated;
                }

                Written();
                escalated++;
            }
            finally
            {
                _writes.Release();
            }
        }
    }

    /// <summary>
    /// Registers an alerts stream for live events. What it needs first (a snapshot, or a replay from its last
    /// id) comes from <see cref="LogFor"/>, which the writer reads after registering, so nothing falls between.
    /// </summary>
    public StreamSubscriber Subscribe(ClaimsPrincipal user)
    {
        var subscriber = new StreamSubscriber(new AlertScope(), user, alertOptions.Value.StreamQueueCapacity, metrics, catchUpFromLog: true);
        lock (_gate)
        {
            _subscribers.Add(subscriber);
        }

        metrics.Connected("alerts", +1);
        return subscriber;
    }

    /// <summary>The durable log as <paramref name="user"/> may read it, starting after <paramref name="lastEventId"/> (or with the open alerts).</summary>
    public IDurableEventLog LogFor(ClaimsPrincipal user, string? lastEventId) =>
        new AlertEventLog(store, retention, user.IsAdmin() ? null : user.UserId(), (fleetId, recipients) => audience.Sees(user, fleetId, recipients), lastEventId, alertOptions.Value.StreamPageSize);

    /// <summary>Open alerts streams, and the most live events any of them has queued (bounded by Alerts:StreamQueueCapacity).</summary>
    public (int Streams, int MaxQueued) QueueDepth()
    {
        lock (_gate)
        {
            return (_subscribers.Count, _subscribers.Select(s => s.QueuedCount).DefaultIfEmpty().Max());
        }
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

    private void Written()
    {
        Ring();
        Appended?.Invoke();
    }

    /// <summary>Offers one event of the log to the streams of its recipients who are still in its fleet (and every admin's); called in log order.</summary>
    public void Deliver(AlertEvent evt)
    {
        var sse = SseEvent.Alert(evt.Type, evt.Payload, evt.Seq);
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                if (audience.Sees(subscriber.User, evt.FleetId, evt.Recipients))
                {
                    subscriber.Offer(sse);
                }
            }
        }
    }

    public void Dispose() => _writes.Dispose();
}
