using AisLive.Server.Places;
using AisLive.Server.Vessels;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace AisLive.Server.Alerts;

/// <summary>
/// Every compiled rule, by fleet, with an STR-tree over all geofence envelopes so that "which areas is this
/// point in" costs a tree query and a few prepared-geometry tests, not one test per geofence.
/// Immutable: replaced whole when a rule changes.
/// </summary>
public sealed class RuleSnapshot
{
    public static readonly RuleSnapshot Empty = new([]);
    private readonly STRtree<CompiledRule> _areas = new();

    public RuleSnapshot(IEnumerable<CompiledRule> rules, PlaceSnapshot? places = null)
    {
        Places = places ?? PlaceSnapshot.Empty;
        All = rules.ToList();
        ById = All.ToDictionary(r => r.Id);
        ByFleet = All.GroupBy(r => r.Rule.FleetId).ToDictionary(g => g.Key, g => g.ToArray());
        NonGeofenceByFleet = All.Where(r => r.Area is null && r.Kind != RuleKinds.Distress).GroupBy(r => r.Rule.FleetId).ToDictionary(g => g.Key, g => g.ToArray());
        Distress = All.Where(r => r.Kind == RuleKinds.Distress).ToArray();
        foreach (var rule in All.Where(r => r.Kind is RuleKinds.GeofenceEnter or RuleKinds.GeofenceExit))
        {
            _areas.Insert(rule.Area!.EnvelopeInternal, rule);
        }

        _areas.Build();
        HasSignalLost = All.Any(r => r.Kind == RuleKinds.SignalLost);
        HasEncounter = All.Any(r => r.Encounter is not null);
        HasDark = All.Any(r => r.Dark is not null);
        HasIdentity = All.Any(r => r.Identity is not null);
    }

    public IReadOnlyList<CompiledRule> All { get; }

    /// <summary>The places, read with the rules (ports, anchorages: what port-call, encounter and loitering rules test against).</summary>
    public PlaceSnapshot Places { get; }

    public IReadOnlyDictionary<long, CompiledRule> ById { get; }

    public IReadOnlyDictionary<long, CompiledRule[]> ByFleet { get; }

    /// <summary>Per fleet, the rules evaluated on every fix (geofences are found through the tree instead).</summary>
    public IReadOnlyDictionary<long, CompiledRule[]> NonGeofenceByFleet { get; }

    public bool HasSignalLost { get; }

    public bool HasEncounter { get; }

    public bool HasDark { get; }

    public bool HasIdentity { get; }

    /// <summary>Some rule needs to know of every vessel heard, watched or not (encounters with anyone, reception for dark).</summary>
    public bool ObservesEveryone => HasEncounter || HasDark;

    /// <summary>Some rule fires on time passing, not only on fixes: the evaluator sweeps.</summary>
    public bool Sweeps => HasSignalLost || HasDark || HasEncounter || Distress.Count > 0;

    /// <summary>The distress rules: evaluated for every distress device, in a fleet or not.</summary>
    public IReadOnlyList<CompiledRule> Distress { get; }

    /// <summary>The geofence rules of the given fleets whose area contains the point (boundary included).</summary>
    public HashSet<long> AreasContaining(double lon, double lat, long[] fleets)
    {
        var inside = new HashSet<long>();
        var point = Wgs84.Factory.CreatePoint(new Coordinate(lon, lat));
        foreach (var candidate in _areas.Query(point.EnvelopeInternal))
        {
            if (fleets.Contains(candidate.Rule.FleetId) && candidate.PreparedArea!.Covers(point))
            {
                inside.Add(candidate.Id);
            }
        }

        return inside;
    }
}
