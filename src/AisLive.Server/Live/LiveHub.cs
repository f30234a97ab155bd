using System.Text.Json;
using AisLive.Server.Pipeline;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Live;

/// <summary>
/// Applies decoded messages to the vessel cache and offers each change, formatted once, to the subscribers
/// whose scope contains the vessel. Publishing and subscribing share one lock, so a new subscriber's
/// snapshot and the live updates after it neither overlap wrongly nor leave a gap.
/// Event ids are <c>&lt;epoch&gt;-&lt;seq&gt;</c>: the epoch changes when the process restarts (the cache is
/// new, so old sequence numbers mean nothing), the sequence grows with every change.
/// </summary>
public sealed class LiveHub(VesselStateCache cache, IOptions<LiveOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, List<StreamSubscriber>> _byVessel = [];
    private readonly List<StreamSubscriber> _broad = [];
    private long _sequence;

    public string Epoch { get; } = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _broad.Count + _byVessel.Values.Sum(l => l.Count);
            }
        }
    }

    public void Apply(in DecodedMessage decoded)
    {
        var mmsi = decoded.Message.Mmsi.Value;
        lock (_gate)
        {
            var current = cache.Get(mmsi);
            var state = VesselStateMerger.Merge(current?.State, decoded);
            if (current is not null && ReferenceEquals(state, current.State))
            {
                return;
            }

            var sequence = ++_sequence;
            var evt = state.HasPosition ? PositionEvent(state, sequence) : null;
            cache.Set(new CachedVessel(state, sequence, evt));
            if (evt is null)
            {
                return;
            }

            if (_byVessel.TryGetValue(mmsi, out var vesselSubscribers))
            {
                Offer(vesselSubscribers, evt);
            }

            foreach (var subscriber in _broad)
            {
                if (subscriber.Scope.Contains(mmsi))
                {
                    subscriber.Offer(evt);
                }
            }
        }
    }

    /// <summary>
    /// Registers a subscriber and queues what it needs first: on a fresh connect or another epoch, a snapshot
    /// of every vessel in scope (after <c>event: reset</c> when resuming from another epoch); when resuming
    /// in this epoch, only the vessels changed since <paramref name="lastEventId"/>.
    /// </summary>
    public StreamSubscriber Subscribe(StreamScope scope, string? lastEventId)
    {
        var subscriber = new StreamSubscriber(scope, options.Value.MaxQueuedVesselsPerClient);
        var resumeAfter = ParseLastEventId(lastEventId, out var otherEpoch);
        lock (_gate)
        {
            if (otherEpoch)
            {
                subscriber.Offer(SseEvent.Data("reset", """{"reason":"epoch"}"""u8, key: null));
            }

            var changed = cache.All.Where(v => v.PositionEvent is not null && v.Sequence > resumeAfter && scope.Contains(v.State.Mmsi));
            foreach (var vessel in changed.OrderBy(v => v.Sequence))
            {
                subscriber.Offer(vessel.PositionEvent!);
            }

            if (scope is StreamScope.Vessel vesselScope)
            {
                if (!_byVessel.TryGetValue(vesselScope.Mmsi, out var list))
                {
                    _byVessel[vesselScope.Mmsi] = list = [];
                }

                list.Add(subscriber);
            }
            else
            {
                _broad.Add(subscriber);
            }
        }

        return subscriber;
    }

    public void Unsubscribe(StreamSubscriber subscriber)
    {
        lock (_gate)
        {
            if (subscriber.Scope is StreamScope.Vessel vesselScope && _byVessel.TryGetValue(vesselScope.Mmsi, out var list))
            {
                list.Remove(subscriber);
                if (list.Count == 0)
                {
                    _byVessel.Remove(vesselScope.Mmsi);
                }
            }
            else
            {
                _broad.Remove(subscriber);
            }
        }

        subscriber.Close();
    }

    private static void Offer(List<StreamSubscriber> subscribers, SseEvent evt)
    {
        foreach (var subscriber in subscribers)
        {
            subscriber.Offer(evt);
        }
    }

    private SseEvent PositionEvent(VesselState state, long sequence)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(state, LiveJsonContext.Default.VesselState);
        return SseEvent.Data("position", json, $"{Epoch}-{sequence}", state.Mmsi, sequence);
    }

    /// <summary>The sequence to resume after (0 = send everything); sets <paramref name="otherEpoch"/> for a stale id.</summary>
    private long ParseLastEventId(string? lastEventId, out bool otherEpoch)
    {
        otherEpoch = false;
        if (string.IsNullOrEmpty(lastEventId))
        {
            return 0;
        }

        var dash = lastEventId.LastIndexOf('-');
        if (dash > 0 && lastEventId.AsSpan(0, dash).SequenceEqual(Epoch)
            && long.TryParse(lastEventId.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            && sequence <= Interlocked.Read(ref _sequence))
        {
            return sequence;
        }

        otherEpoch = true;
        return 0;
    }
}
