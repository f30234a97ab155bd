using AisLive.Server.Vessels;
using NetTopologySuite.Geometries;

namespace AisLive.Server.Live;

/// <summary>
/// Vessel states as a GeoJSON FeatureCollection: one Point per vessel (written by NetTopologySuite.IO.GeoJSON4STJ),
/// its state as the properties. Typed records, so the OpenAPI document shows the schema.
/// </summary>
public static class VesselGeoJson
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "GeoJSON's own name (RFC 7946), and the schema's name in the OpenAPI document.")]
    public sealed record VesselFeatureCollection(IReadOnlyList<VesselFeature> Features)
    {
        public string Type => "FeatureCollection";
    }

    public sealed record VesselFeature(uint Id, Point Geometry, VesselState Properties)
    {
        public string Type => "Feature";
    }

    public static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<VesselFeatureCollection> FeatureCollection(IEnumerable<VesselState> vessels) =>
        Wgs84.GeoJsonResult(new VesselFeatureCollection(
            [.. vessels.Where(v => v.HasPosition).OrderBy(v => v.Mmsi).Select(v => new VesselFeature(v.Mmsi, Wgs84.Point(v.Lon!.Value, v.Lat!.Value), v))]));
}
