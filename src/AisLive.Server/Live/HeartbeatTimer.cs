using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Live;

/// <summary>
/// One timer for the heartbeats of every open stream (<see cref="LiveOptions.HeartbeatInterval"/>), not one per stream:
/// a timer, its callback and its closure took about 250 B per stream. Each tick offers a heartbeat to every stream, so
/// a stream gets its first at most one interval after it opens and one every interval after, as before; a stream with
/// data queued skips it (<see cref="StreamSubscriber.Offer"/>). On the injected clock, so tests can drive it.
/// </summary>
public sealed class HeartbeatTimer : IDisposable
{
    private readonly ConcurrentDictionary<StreamSubscriber, byte> _streams = new();
    private readonly SseEvent _heartbeat;
    private readonly ITimer _timer;

    public HeartbeatTimer(IOptions<LiveOptions> options, TimeProvider time)
    {
        var interval = options.Value.HeartbeatInterval;
        _heartbeat = SseEvent.Heartbeat(interval);
        _timer = time.CreateTimer(static self => ((HeartbeatTimer)self!).Beat(), this, interval, interval);
    }

    /// <summary>Heartbeats for <paramref name="subscriber"/> until the returned registration is disposed.</summary>
    public Registration Add(StreamSubscriber subscriber)
    {
        _streams.TryAdd(subscriber, 0);
        return new(this, subscriber);
    }

    public void Dispose() => _timer.Dispose();

    private void Beat()
    {
        foreach (var (subscriber, _) in _streams)
        {
            subscriber.Offer(_heartbeat);
        }
    }

    public readonly struct Registration(HeartbeatTimer timer, StreamSubscriber subscriber) : IDisposable
    {
        public void Dispose() => timer._streams.TryRemove(subscriber, out _);
    }
}
