using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AisLive.Server.Streaming;

/// <summary>
/// Stream counters and gauges under the meter <c>AisLive.Live</c> (its name since streams were only Live's), plus a rolling window of publish-to-write
/// latencies from which <c>/api/stats</c> reads percentiles.
/// </summary>
public sealed class StreamMetrics
{
    private const int WindowSize = 8192;
    private readonly UpDownCounter<int> _connections;
    private readonly Counter<long> _eventsOut;
    private readonly Counter<long> _coalesced;
    private readonly Counter<long> _disconnectedSlow;
    private readonly Histogram<double> _publishToWrite;
    private readonly double[] _window = new double[WindowSize];
    private readonly Dictionary<string, int> _byKind = [];
    private readonly Lock _gate = new();
    private long _windowCount;
    private long _eventsOutTotal;
    private long _coalescedTotal;
    private long _disconnectedSlowTotal;

    public StreamMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create("AisLive.Live");
        _connections = meter.CreateUpDownCounter<int>("aislive.live.connections", description: "Open SSE streams, by kind");
        _eventsOut = meter.CreateCounter<long>("aislive.live.events_out", description: "Events written to SSE clients");
        _coalesced = meter.CreateCounter<long>("aislive.live.coalesced", description: "Updates replaced by a newer one before a slow client read them");
        _disconnectedSlow = meter.CreateCounter<long>("aislive.live.disconnected_slow", description: "Clients cut off for falling too far behind");
        _publishToWrite = meter.CreateHistogram<double>("aislive.live.publish_to_write", unit: "ms", description: "Time from an event's publication to its write to a client");
        Meter = meter;
    }

    /// <summary>The meter, for the hubs to add their gauges to.</summary>
    public Meter Meter { get; }

    public long EventsOut => Interlocked.Read(ref _eventsOutTotal);

    public long Coalesced => Interlocked.Read(ref _coalescedTotal);

    public long DisconnectedSlow => Interlocked.Read(ref _disconnectedSlowTotal);

    public IReadOnlyDictionary<string, int> ConnectionsByKind
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_byKind);
            }
        }
    }

    public void Connected(string kind, int delta)
    {
        lock (_gate)
        {
            _byKind[kind] = _byKind.GetValueOrDefault(kind) + delta;
        }

        _connections.Add(delta, new KeyValuePair<string, object?>("kind", kind));
    }

    public void Written(SseEvent evt)
    {
        Interlocked.Increment(ref _eventsOutTotal);
        _eventsOut.Add(1);
        if (evt.PublishedTimestamp != 0)
        {
            var milliseconds = Stopwatch.GetElapsedTime(evt.PublishedTimestamp).TotalMilliseconds;
            _publishToWrite.Record(milliseconds);
            _window[Interlocked.Increment(ref _windowCount) % WindowSize] = milliseconds;
        }
    }

    public void Coalesce()
    {
        Interlocked.Increment(ref _coalescedTotal);
        _coalesced.Add(1);
    }

    public void SlowClientCut()
    {
        Interlocked.Increment(ref _disconnectedSlowTotal);
        _disconnectedSlow.Add(1);
    }

    /// <summary>p50, p99 and max of the last (up to) 8,192 publish-to-write latencies, in milliseconds.</summary>
    public (double P50, double P99, double Max) Latency()
    {
        var count = (int)Math.Min(Interlocked.Read(ref _windowCount), WindowSize);
        if (count == 0)
        {
            return (0, 0, 0);
        }

        var sample = _window.AsSpan(0, count).ToArray();
        Array.Sort(sample);
        return (sample[(int)(count * 0.5)], sample[Math.Min(count - 1, (int)(count * 0.99))], sample[^1]);
    }
}
