using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace AisLive.Server.Vessels;

/// <summary>
/// The service's one geometry factory: WGS 84 (SRID 4326), floating precision. Storage (points written to and read
/// from PostGIS through Npgsql.NetTopologySuite) and alerts (rule areas) both make their geometries here, so they
/// carry the same SRID and precision.
/// </summary>
public static class Wgs84
{
    public static GeometryFactory Factory { get; } = NtsGeometryServices.Instance.CreateGeometryFactory(new PrecisionModel(), 4326);

    public static Point Point(double lon, double lat) => Factory.CreatePoint(new Coordinate(lon, lat));

    /// <summary>Reads and writes GeoJSON geometries (NetTopologySuite.IO.GeoJSON4STJ) made by <see cref="Factory"/>, with the web defaults.</summary>
    public static JsonSerializerOptions GeoJson { get; } = new(JsonSerializerOptions.Web) { Converters = { new GeoJsonConverterFactory(Factory) } };

    /// <summary>A response body written as GeoJSON (<c>application/geo+json</c>).</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<T> GeoJsonResult<T>(T value) => TypedResults.Json(value, GeoJson, "application/geo+json");
}
