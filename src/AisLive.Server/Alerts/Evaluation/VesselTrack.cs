using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>
/// What the evaluator remembers of one watched vessel: its last state and its last few fixes (the evidence an alert
/// shows), the areas it was in, its episodes by rule, and what the behaviour rules follow over time (pairs, slow
/// stretches, port calls, identity).
/// </summary>
internal sealed class VesselTrack
{
    private const int RecentFixes = 5;
    private readonly Fix[] _recent = new Fix[RecentFixes];
    private int _recentCount;

    public VesselState? Last;
    public HashSet<long>? Areas;
    public DateTimeOffset? DistressHeardAt; // when a distress device was last heard (its episodes end on silence)
    public readonly Dictionary<long, EpisodeState> Episodes = [];

    /// <summary>Class B (types 18 and 19) reports less often than class A: the dark rule expects less of it.</summary>
    public bool ClassB;

    /// <summary>The highest speed reported in the last hour or so (how far a dark vessel could have gone).</summary>
    public double PeakKnots;
    public DateTimeOffset PeakAt;

    public Dictionary<(long Rule, uint Other), PairState>? Pairs;
    public Dictionary<long, SlowStretch>? Slow;
    public Dictionary<long, CallState>? Calls;
    public IdentityHistory? Identity;

    /// <summary>Keeps the fix in the evidence ring and the recent peak speed.</summary>
    public void Remember(VesselState state)
    {
        if (state is not { Lat: { } lat, Lon: { } lon, Timestamp: { } at })
        {
            return;
        }

        _recent[_recentCount++ % RecentFixes] = new Fix(at, lat, lon, state.Sog);
        var sog = state.Sog ?? 0;
        if (sog >= PeakKnots || at - PeakAt > TimeSpan.FromHours(1))
        {
            PeakKnots = sog;
            PeakAt = at;
        }
    }

    /// <summary>The last few fixes, oldest first.</summary>
    public IEnumerable<Fix> Recent()
    {
        var count = Math.Min(_recentCount, RecentFixes);
        for (var i = _recentCount - count; i < _recentCount; i++)
        {
            yield return _recent[i % RecentFixes];
        }
    }

    /// <summary>The fix before the newest one, if there is one.</summary>
    public Fix? Previous => _recentCount >= 2 ? _recent[(_recentCount - 2) % RecentFixes] : null;
}

/// <summary>One rule's episode for one vessel: open or not, the fixes counted towards a change, its last raise.</summary>
internal sealed class EpisodeState
{
    public CompiledRule? Rule;
    public bool Open;
    public bool Geofence;
    public int Counter;
    public DateTimeOffset? LastRaised;
    public (double Lat, double Lon)? Anchor;

    /// <summary>When the open episode's evidence was last sent on (an update), so updates are spaced out.</summary>
    public DateTimeOffset? LastUpdated;
}

/// <summary>A fix as evidence shows it.</summary>
internal readonly record struct Fix(DateTimeOffset At, double Lat, double Lon, double? Sog);
