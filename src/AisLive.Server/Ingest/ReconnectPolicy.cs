namespace AisLive.Server.Ingest;

/// <summary>
/// Exponential backoff with jitter and a cap, reset after a healthy session. The jitter keeps at least half
/// the nominal delay ("equal jitter"), so a fleet of clients spreads out without ever retrying at once.
/// </summary>
public sealed class ReconnectPolicy(ReconnectOptions options, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private int _failures;

    public int ConsecutiveFailures => _failures;

    public void SessionWasHealthy() => _failures = 0;

    /// <summary>The wait before the next attempt, at least <paramref name="floor"/> (a server-imposed cooldown).</summary>
    public TimeSpan NextDelay(TimeSpan floor = default)
    {
        var exponent = Math.Min(_failures, 20);
        _failures++;
        var nominal = Math.Min(options.BackoffMax.TotalMilliseconds, options.BackoffInitial.TotalMilliseconds * Math.Pow(2, exponent));
        var jittered = TimeSpan.FromMilliseconds((nominal / 2) + (_random.NextDouble() * nominal / 2));
        return jittered > floor ? jittered : floor;
    }
}
