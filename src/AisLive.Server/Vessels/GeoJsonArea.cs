using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;

namespace AisLive.Server.Vessels;

/// <summary>
/// An area given as GeoJSON (a rule's geofence, a place's outline), read by NetTopologySuite.IO.GeoJSON4STJ and
/// checked the one way every feature needs: a Polygon or MultiPolygon, closed rings, [lon, lat] in range, valid, and
/// not larger than the vertex limit (a huge polygon is a cheap way to slow evaluation down).
/// </summary>
public static class GeoJsonArea
{
    public static Geometry? Read(JsonNode? node, int maxVertices, string what, out string? error)
    {
        error = null;
        if (node is not JsonObject area)
        {
            error = $"{what} is required: a GeoJSON Polygon or MultiPolygon.";
            return null;
        }

        Geometry? geometry;
        try
        {
            geometry = area.Deserialize<Geometry>(Wgs84.GeoJson);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
        {
            geometry = null;
        }

        if (geometry is not (Polygon or MultiPolygon) || geometry.IsEmpty || !geometry.Coordinates.All(c => c.X is >= -180 and <= 180 && c.Y is >= -90 and <= 90))
        {
            error = $"{what} must be a GeoJSON Polygon or MultiPolygon with closed rings of [lon, lat] positions.";
            return null;
        }

        if (geometry.NumPoints > maxVertices)
        {
            error = $"{what} has {geometry.NumPoints} vertices; at most {maxVertices} (Security:MaxPolygonVertices).";
            return null;
        }

        if (!geometry.IsValid)
        {
            error = $"{what} is not a valid polygon (self-intersecting or badly nested rings).";
            return null;
        }

        return geometry;
    }

    /// <summary>The area as a GeoJSON object again (what the API returns).</summary>
    public static JsonObject Write(Geometry geometry) => JsonSerializer.SerializeToNode(geometry, Wgs84.GeoJson)!.AsObject();
}
