using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Streaming;

/// <summary>
/// Wakes the writers of streams with new positions once per window (<see cref="StreamOptions.WriteWindow"/>) rather than
/// once per position. A busy fleet sends each of its viewers a change every few milliseconds, and a wake-up per change
/// costs a thread-pool hop, a flush and a send for every viewer: the window turns those into one write carrying all
/// of the window's changes. A quiet stream is woken at most one window after its change. Control events, heartbeats
/// and alerts do not wait (<see cref="StreamSubscriber.Offer"/> rings for those at once).
/// One timer for every stream, armed only while some stream waits: an idle server does not tick.
/// </summary>
public sealed class WriteWindow : IDisposable
{
    private readonly ConcurrentQueue<StreamSubscriber> _due = new();
    private readonly TimeSpan _window;
    private readonly ITimer _timer;
    private int _armed;

    public WriteWindow(IOptions<StreamOptions> options)
    {
        _window = options.Value.WriteWindow;

        // A scheduling quantum, not a reading of the clock: real time even where a test runs the app on a fake clock.
        _timer = TimeProvider.System.CreateTimer(_ => RingDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True when writers are woken at once (a zero window).</summary>
    public bool Immediate => _window == TimeSpan.Zero;

    /// <summary>Rings <paramref name="subscriber"/>'s doorbell at the end of the current window. The caller schedules each subscriber once per window.</summary>
    public void Schedule(StreamSubscriber subscriber)
    {
        _due.Enqueue(subscriber);
        if (Interlocked.CompareExchange(ref _armed, 1, 0) == 0)
        {
            _timer.Change(_window, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void RingDue()
    {
        // Disarmed before the queue is read: a subscriber queued from here on arms the next window, and one queued
        // before is rung below.
        Volatile.Write(ref _armed, 0);
        for (var count = _due.Count; count > 0 && _due.TryDequeue(out var subscriber); count--)
        {
            subscriber.RingNow();
        }
    }
}
