using System.Diagnostics.Metrics;

namespace AisLive.Server.Live;

/// <summary>The live cache's counters, under the meter <c>AisLive.Live</c> (the streams' are <see cref="Streaming.StreamMetrics"/>).</summary>
public sealed class LiveMetrics
{
    private readonly Counter<long> _evicted;
    private long _evictedTotal;

    public LiveMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create("AisLive.Live");
        Meter = meter;
        _evicted = meter.CreateCounter<long>("aislive.live.evicted", description: "Vessels dropped from the live cache after Live:EvictAfter without a report (fleet vessels are kept)");
    }

    /// <summary>This process's <c>AisLive.Live</c> meter (the same one <see cref="Streaming.StreamMetrics"/> uses).</summary>
    public Meter Meter { get; }

    public long EvictedTotal => Interlocked.Read(ref _evictedTotal);

    public void Evicted(int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _evictedTotal, count);
            _evicted.Add(count);
        }
    }
}
