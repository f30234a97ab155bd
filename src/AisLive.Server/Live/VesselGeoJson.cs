using System.Text.Json;
using System.Text.Json.Nodes;

namespace AisLive.Server.Live;

/// <summary>Vessel states as a GeoJSON FeatureCollection: one Point per vessel, its state as properties.</summary>
public static class VesselGeoJson
{
    public static IResult FeatureCollection(IEnumerable<VesselState> vessels)
    {
        var features = new JsonArray();
        foreach (var vessel in vessels.Where(v => v.HasPosition).OrderBy(v => v.Mmsi))
        {
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["id"] = vessel.Mmsi,
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(vessel.Lon, vessel.Lat) },
                ["properties"] = JsonSerializer.SerializeToNode(vessel, LiveJsonContext.Default.VesselState),
            });
        }

        var collection = new JsonObject { ["type"] = "FeatureCollection", ["features"] = features };
        return TypedResults.Content(collection.ToJsonString(), "application/geo+json", System.Text.Encoding.UTF8);
    }
}
