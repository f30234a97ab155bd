using System.Text.Json;
using AisLive.Server.Fleets;
using AisLive.Server.Ingest;
using AisLive.Server.Pipeline;
using AisLive.Server.Streaming;
using AisLive.Server.Vessels;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Live;

/// <summary>
/// Applies decoded messages to the vessel cache and offers each change, formatted once, to the subscribers
/// whose scope holds the vessel: that vessel's streams and the streams of every fleet it belongs to. It never
/// writes to a response and never waits on a client (<see cref="StreamSubscriber.Offer"/> only queues).
/// Publishing and subscribing share one lock, so a new subscriber's snapshot and the live updates after it
/// neither overlap wrongly nor leave a gap. It also follows fleet changes (vessels appear and disappear on
/// open fleet streams, streams whose user lost access end) and passes feed state changes to every stream.
/// Event ids are <c>&lt;epoch&gt;-&lt;seq&gt;</c>: the epoch changes when the process restarts (the cache is new,
/// so old sequence numbers mean nothing), the sequence grows with every change. The sequence may come from outside
/// instead (<see cref="StartSequenceAt"/>): a cluster node applies the cluster's log, whose epoch and positions are the
/// same on every node, so a client may resume on any of them.
/// </summary>
public sealed partial class LiveHub
{
    private readonly Lock _gate = new();
    private readonly SubscriberIndex _subscribers = new();
    private readonly VesselStateCache _cache;
    private readonly FleetDirectory _fleets;
    private readonly FeedStatus _feed;
    private readonly StreamMetrics _metrics;
    private readonly LiveMetrics _liveMetrics;
    private readonly IOptions<LiveOptions> _options;
    private readonly WriteWindow _writeWindow;
    private long _sequence;
    private bool _sequencedOutside; // ids come from an outside sequence (StartSequenceAt)

    public LiveHub(VesselStateCache cache, FleetDirectory fleets, FeedStatus feed, StreamMetrics metrics, LiveMetrics liveMetrics, IOptions<LiveOptions> options, TimeProvider time, WriteWindow writeWindow)
    {
        _writeWindow = writeWindow;
        _cache = cache;
        _fleets = fleets;
        _feed = feed;
        _metrics = metrics;
        _liveMetrics = liveMetrics;
        _options = options;
        _epoch = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        fleets.Changed += OnFleetChanged;
        feed.Changed += snapshot => Broadcast(FeedEvent(snapshot));
        metrics.Meter.CreateObservableGauge("aislive.live.queue_depth", () => QueueDepth().Total, description: "Events queued for SSE clients, all streams");
    }

    private volatile string _epoch;

    public string Epoch => _epoch;

    /// <summary>The sequence of the last change applied.</summary>
    public long Sequence => Interlocked.Read(ref _sequence);

    /// <summary>
    /// Folds a message into the cache and fans the change out; returns the new state, or null when nothing changed.
    /// <paramref name="sequence"/> is the change's position in an outside sequence (<see cref="StartSequenceAt"/>); 0 takes the next of the hub's own.
    /// </summary>
    public VesselState? Apply(in DecodedMessage decoded, long sequence = 0)
    {
        var mmsi = decoded.Message.Mmsi.Value;
        lock (_gate)
        {
            var current = _cache.Get(mmsi);
            var state = VesselStateMerger.Merge(current?.State, decoded);
            if (current is not null && ReferenceEquals(state, current.State))
            {
                return null;
            }

            var next = sequence > 0 ? sequence : _sequence + 1;
            Interlocked.Exchange(ref _sequence, next);
            var evt = state.HasPosition ? PositionEvent(state, next) : null;
            _cache.Set(new CachedVessel(state, next, evt, decoded.ReceivedAtUtc));
            if (evt is null)
            {
                return state;
            }

            OfferToScopes(mmsi, evt);
            return state;
        }
    }

    /// <summary>Offers a vessel's change to every stream that holds it (under the lock).</summary>
    private void OfferToScopes(uint mmsi, SseEvent evt) => _subscribers.OfferChange(mmsi, _fleets.Current.FleetsOf(mmsi), evt);

    /// <summary>
    /// Registers a subscriber and queues what it needs first: the feed's state; then, on a fresh connect or
    /// another epoch, a snapshot of every vessel in scope (after <c>event: reset</c> when resuming from
    /// another epoch); when resuming in this epoch, only the vessels changed since <paramref name="lastEventId"/>.
    /// </summary>
    public StreamSubscriber Subscribe(VesselScope scope, System.Security.Claims.ClaimsPrincipal user, string? lastEventId)
    {
        var subscriber = new StreamSubscriber(scope, user, _options.Value.MaxQueuedVesselsPerClient, _metrics, writeWindow: _writeWindow);
        var resumeAfter = ParseLastEventId(lastEventId, out var otherEpoch);
        lock (_gate)
        {
            subscriber.Offer(FeedEvent(_feed.Snapshot()));
            if (otherEpoch)
            {
                subscriber.Offer(SseEvent.Data("reset", """{"reason":"epoch"}"""u8));
            }

            var changed = scope.Vessels.Select(_cache.Get).OfType<CachedVessel>().Where(v => v.PositionEvent is not null && v.Sequence > resumeAfter);
            foreach (var vessel in changed.OrderBy(v => v.Sequence))
            {
                subscriber.Offer(vessel.PositionEvent!);
            }

            _subscribers.Add(subscriber, scope);
        }

        _metrics.Connected(scope.Kind, +1);
        return subscriber;
    }

    public void Unsubscribe(StreamSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscriber, (VesselScope)subscriber.Scope); // the hub subscribes only vessel scopes
        }

        subscriber.Close();
        _metrics.Connected(subscriber.Scope.Kind, -1);
    }

    /// <summary>
    /// Forgets vessels not heard since <paramref name="heardBefore"/> that are in no fleet, so the cache holds the
    /// vessels in the feed now, not every MMSI ever seen. A fleet's vessels stay: its map needs their last state.
    /// </summary>
    public int Evict(DateTimeOffset heardBefore)
    {
        var fleets = _fleets.Current;
        var evicted = 0;
        foreach (var vessel in _cache.All)
        {
            if (vessel.HeardAt >= heardBefore || fleets.FleetsOf(vessel.State.Mmsi).Length > 0)
            {
                continue;
            }

            lock (_gate)
            {
                // Checked again under the lock: the vessel may have reported meanwhile.
                if (_cache.Get(vessel.State.Mmsi) is { } current && current.HeardAt < heardBefore && _cache.Remove(vessel.State.Mmsi))
                {
                    evicted++;
                }
            }
        }

        _liveMetrics.Evicted(evicted);
        return evicted;
    }

    public (int Total, int Max, int Subscribers) QueueDepth()
    {
        lock (_gate)
        {
            var depths = _subscribers.All.Select(s => s.QueuedCount).ToList();
            return (depths.Sum(), depths.DefaultIfEmpty().Max(), depths.Count);
        }
    }

    /// <summary>Queues a control event (presence) for every open stream of one fleet.</summary>
    public void OfferToFleet(long fleetId, SseEvent evt)
    {
        lock (_gate)
        {
            _subscribers.OfferToFleet(fleetId, evt);
        }
    }

    private void Broadcast(SseEvent evt)
    {
        lock (_gate)
        {
            _subscribers.OfferToAll(evt);
        }
    }

    private SseEvent PositionEvent(VesselState state, long sequence) =>
        SseEvent.Data("position", JsonSerializer.SerializeToUtf8Bytes(state, LiveJsonContext.Default.VesselState), $"{Epoch}-{sequence}", state.Mmsi, sequence);

    private static SseEvent FeedEvent(FeedSnapshot snapshot) => SseEvent.Data("feed", JsonSerializer.SerializeToUtf8Bytes(snapshot, JsonSerializerOptions.Web));

    /// <summary>The sequence to resume after (0 = send everything); sets <paramref name="otherEpoch"/> for a stale id.</summary>
    private long ParseLastEventId(string? lastEventId, out bool otherEpoch)
    {
        otherEpoch = false;
        if (string.IsNullOrEmpty(lastEventId))
        {
            return 0;
        }

        // With an outside sequence an id may be ahead of this process (a cluster client came from a node further
        // along the log): it is still this epoch's, and the changes yet to be applied here reach the client as they come.
        var dash = lastEventId.LastIndexOf('-');
        if (dash > 0 && lastEventId.AsSpan(0, dash).SequenceEqual(Epoch)
            && long.TryParse(lastEventId.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            && (sequence <= Interlocked.Read(ref _sequence) || _sequencedOutside))
        {
            return sequence;
        }

        otherEpoch = true;
        return 0;
    }
}
