using AisLive.Server.Vessels;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace AisLive.Server.Places;

/// <summary>
/// Every place, with an STR-tree over their envelopes, so that "which places is this fix in" costs a tree query and a
/// prepared-geometry test or two whatever the number of places. Immutable: replaced whole when a place changes.
/// </summary>
public sealed class PlaceSnapshot
{
    public static readonly PlaceSnapshot Empty = new([]);
    private readonly STRtree<CompiledPlace> _tree = new();

    public PlaceSnapshot(IEnumerable<CompiledPlace> places)
    {
        All = places.ToList();
        ById = All.ToDictionary(p => p.Id);
        foreach (var place in All)
        {
            _tree.Insert(place.Area.EnvelopeInternal, place);
        }

        _tree.Build();
    }

    public IReadOnlyList<CompiledPlace> All { get; }

    public IReadOnlyDictionary<long, CompiledPlace> ById { get; }

    /// <summary>The places whose area covers the point (boundary included); empty, without allocating, when there are none.</summary>
    public IReadOnlyList<CompiledPlace> Containing(double lat, double lon)
    {
        if (All.Count == 0)
        {
            return [];
        }

        var point = Wgs84.Point(lon, lat);
        List<CompiledPlace>? inside = null;
        foreach (var candidate in _tree.Query(point.EnvelopeInternal))
        {
            if (candidate.Prepared.Covers(point))
            {
                (inside ??= []).Add(candidate);
            }
        }

        return inside ?? (IReadOnlyList<CompiledPlace>)[];
    }

    /// <summary>True when the point is inside a place of one of <paramref name="kinds"/>.</summary>
    public bool InsideAny(double lat, double lon, IReadOnlySet<string> kinds)
    {
        if (kinds.Count == 0 || All.Count == 0)
        {
            return false;
        }

        foreach (var place in Containing(lat, lon))
        {
            if (kinds.Contains(place.Kind))
            {
                return true;
            }
        }

        return false;
    }

    public static CompiledPlace Compile(Place place, Geometry area) =>
        new() { Place = place, Area = area, Prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(area) };
}
