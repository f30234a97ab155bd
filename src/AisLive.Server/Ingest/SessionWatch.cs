namespace AisLive.Server.Ingest;

/// <summary>Times one upstream session: when it started, when the last message came, whether it stalled.</summary>
public sealed class SessionWatch(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private long _lastMessage = time.GetTimestamp();
    private long _firstMessage;
    private int _stalled;

    public bool Stalled => Volatile.Read(ref _stalled) == 1;

    public void MessageArrived()
    {
        var now = time.GetTimestamp();
        Interlocked.CompareExchange(ref _firstMessage, now, 0);
        Volatile.Write(ref _lastMessage, now);
    }

    public TimeSpan SilentFor() => time.GetElapsedTime(Volatile.Read(ref _lastMessage));

    /// <summary>Marks the session stalled; true only for the first caller.</summary>
    public bool MarkStalled() => Interlocked.Exchange(ref _stalled, 1) == 0;

    /// <summary>Healthy = messages flowed and the session lasted at least <paramref name="threshold"/>.</summary>
    public bool WasHealthy(TimeSpan threshold) => Volatile.Read(ref _firstMessage) != 0 && time.GetElapsedTime(_started) >= threshold;
}
