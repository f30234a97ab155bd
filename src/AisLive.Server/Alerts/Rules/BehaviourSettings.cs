using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace AisLive.Server.Alerts;

/// <summary><c>encounter</c>: two vessels within <see cref="Meters"/> for <see cref="Duration"/>, both slower than <see cref="Knots"/> (median).</summary>
public sealed record EncounterSettings(double Meters, TimeSpan Duration, double Knots, long? WithFleet, IReadOnlySet<string> ExcludePlaceKinds)
{
    /// <summary>Apart by more than this, the encounter is over.</summary>
    public double EndMeters => Meters * 1.5;

    /// <summary>Either vessel silent this long, the encounter is over.</summary>
    public TimeSpan SilentEnds => Duration / 4;
}

/// <summary><c>loitering</c>: average implied speed below <see cref="Knots"/> over <see cref="Duration"/>, outside excluded places (and inside <see cref="Area"/>, if any).</summary>
public sealed record LoiteringSettings(double Knots, TimeSpan Duration, IPreparedGeometry? Area, IReadOnlySet<string> ExcludePlaceKinds)
{
    public double EndKnots => Knots * 1.5;
}

/// <summary><c>port-call</c>: calls at the given places (or at places of the given kinds), alerting on arrival and/or departure.</summary>
public sealed record PortCallSettings(IReadOnlySet<long>? Places, IReadOnlySet<string> PlaceKinds, bool OnArrival, bool OnDeparture)
{
    /// <summary>Below this speed a vessel inside a place has stopped.</summary>
    public const double StoppedKnots = 0.5;

    /// <summary>Stopped this long inside a place is an arrival...</summary>
    public static readonly TimeSpan StoppedFor = TimeSpan.FromMinutes(10);

    /// <summary>... and so is staying inside this long, moving or not.</summary>
    public static readonly TimeSpan InsideFor = TimeSpan.FromMinutes(30);
}

/// <summary>A named polygon a dark vessel could reach (a marine protected area, a sanctioned zone).</summary>
public sealed record WatchArea(string Name, Geometry Area);

/// <summary><c>dark</c>: silent longer than <see cref="Factor"/> × its expected reporting interval, never under <see cref="MinSilence"/>.</summary>
public sealed record DarkSettings(double Factor, TimeSpan MinSilence, IReadOnlyList<WatchArea> WatchAreas);

/// <summary><c>identity</c>: impossible jumps (above <see cref="MaxKnots"/> over more than <see cref="MinMeters"/>) or static data flapping.</summary>
public sealed record IdentitySettings(double MaxKnots, double MinMeters, int FlapsPerHour);
