using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Streaming;

/// <summary>
/// One timer for the heartbeats of every open stream (<see cref="StreamOptions.HeartbeatInterval"/>), not one per stream:
/// a timer, its callback and its closure took about 250 B per stream. The interval is cut into slots, a tick per slot,
/// and each stream belongs to the slot that was current when it opened: it gets a heartbeat one interval after it opens
/// and every interval after, as before, and a tick wakes only its slot's streams. Waking all 10,000 idle streams to
/// write at the same moment left the process about 3 KB per stream larger (RSS, a minute on; the heap held thousands
/// more of Kestrel's 4 KB pool blocks). A stream with data queued skips the heartbeat
/// (<see cref="StreamSubscriber.Offer"/>). On the injected clock, so tests can drive it.
/// </summary>
public sealed class HeartbeatTimer : IDisposable
{
    private static readonly TimeSpan ShortestTick = TimeSpan.FromMilliseconds(100);
    private const int MostSlots = 16;

    private readonly ConcurrentDictionary<StreamSubscriber, int> _streams = new();
    private readonly int _slots;
    private readonly ITimer _timer;
    private int _current; // the slot the last tick woke

    public HeartbeatTimer(IOptions<StreamOptions> options, TimeProvider time)
    {
        var interval = options.Value.HeartbeatInterval;
        Event = SseEvent.Heartbeat(interval);
        _slots = Math.Clamp((int)(interval / ShortestTick), 1, MostSlots);
        var tick = interval / _slots;
        _timer = time.CreateTimer(static self => ((HeartbeatTimer)self!).Tick(), this, tick, tick);
    }

    /// <summary>The heartbeat event: a comment for proxies and an event that says the interval.</summary>
    public SseEvent Event { get; }

    /// <summary>Heartbeats for <paramref name="subscriber"/> until the returned registration is disposed.</summary>
    public Registration Add(StreamSubscriber subscriber)
    {
        _streams[subscriber] = Volatile.Read(ref _current);
        return new(this, subscriber);
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        var slot = (Volatile.Read(ref _current) + 1) % _slots;
        Volatile.Write(ref _current, slot);
        foreach (var (subscriber, its) in _streams)
        {
            if (its == slot)
            {
                subscriber.Offer(Event);
            }
        }
    }

    public readonly struct Registration(HeartbeatTimer timer, StreamSubscriber subscriber) : IDisposable
    {
        public void Dispose() => timer._streams.TryRemove(subscriber, out _);
    }
}
