namespace AisLive.LoadTest;

/// <summary>Collects send-to-receive latencies from many readers; percentiles at the end.</summary>
public sealed class LatencyRecorder
{
    private readonly Lock _gate = new();
    private readonly List<double> _samples = new(1 << 20);

    private long _seen;

    /// <summary>Latencies recorded: events sent inside the measured window.</summary>
    public long Count { get; private set; }

    /// <summary>Every event read, whenever it was sent (a server that fell behind is still writing older ones).</summary>
    public long Seen => Interlocked.Read(ref _seen);

    public void Saw() => Interlocked.Increment(ref _seen);

    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            Count++;
            if (_samples.Count < 20_000_000)
            {
                _samples.Add(milliseconds);
            }
        }
    }

    public (double P50, double P99, double Max) Percentiles()
    {
        double[] sorted;
        lock (_gate)
        {
            sorted = [.. _samples];
        }

        if (sorted.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        Array.Sort(sorted);
        return (sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], sorted[^1]);
    }
}
