using NetTopologySuite.Geometries;

namespace AisLive.Server.History;

/// <summary>
/// The history endpoints' GeoJSON: typed records (so the OpenAPI document shows their schemas), whose geometries
/// NetTopologySuite.IO.GeoJSON4STJ writes. A page of positions carries <c>next</c>, a foreign member that
/// GeoJSON allows and NTS's own FeatureCollection cannot hold.
/// </summary>
public static class HistoryGeoJson
{
    /// <summary><c>GET /api/vessels/{mmsi}/track</c>: a LineString (a Point for a single fix, no geometry for none).</summary>
    public sealed record TrackFeature(Geometry? Geometry, TrackProperties Properties)
    {
        public string Type => "Feature";
    }

    /// <summary>One value per point of the track, in its order.</summary>
    public sealed record TrackProperties(uint Mmsi, DateTimeOffset From, DateTimeOffset To, int Count, bool Truncated, IReadOnlyList<DateTimeOffset> Timestamps, IReadOnlyList<float?> Sog, IReadOnlyList<float?> Cog);

    /// <summary><c>GET /api/positions</c>: one page, <c>next</c> being the cursor of the following page (null on the last).</summary>
    public sealed record PositionPage(IReadOnlyList<PositionFeature> Features, string? Next)
    {
        public string Type => "FeatureCollection";
    }

    public sealed record PositionFeature(Point Geometry, PositionProperties Properties)
    {
        public string Type => "Feature";
    }

    public sealed record PositionProperties(int Mmsi, DateTimeOffset Timestamp, float? Sog, float? Cog, short? Heading, short? NavStatus);
}
