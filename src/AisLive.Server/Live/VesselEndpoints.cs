using AisLive.Server.Fleets;
using AisLive.Server.Security;
using AisLive.Server.Streaming;
using AisLive.Server.Vessels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AisLive.Server.Live;

/// <summary>Live vessel state: one vessel, vessels in a box, and one vessel's stream. Non-admins see the vessels of their fleets.</summary>
public static class VesselEndpoints
{
    public static RouteGroupBuilder MapVesselEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/vessels").WithTags("Vessels").RequireAuthorization().RequireRateLimiting(RateLimits.Api);

        group.MapGet("/", InBox)
            .WithName("GetVessels")
            .Produces<VesselGeoJson.VesselFeatureCollection>(StatusCodes.Status200OK, "application/geo+json")
            .WithSummary("Latest states of the vessels in a bounding box (bbox=minLon,minLat,maxLon,maxLat) as a GeoJSON FeatureCollection.");

        group.MapGet("/{mmsi}", GetVessel)
            .WithName("GetVessel")
            .WithSummary("The latest state of one vessel: position merged with static data.");

        group.MapGet("/{mmsi}/stream", StreamVessel)
            .ProducesEvents(VesselStreams.Events, typeof(VesselState))
            .RequireStreamLimits()
            .WithName("StreamVessel")
            .WithSummary("Server-Sent Events: the vessel's state on connect, then every change.");

        return group;
    }

    private static Results<JsonHttpResult<VesselGeoJson.VesselFeatureCollection>, ProblemHttpResult> InBox(string? bbox, HttpContext context, VesselStateCache cache, VesselAccess access)
    {
        if (!BoundingBox.TryParse(bbox, out var box))
        {
            return TypedResults.Problem(title: "Invalid bbox", detail: "bbox is minLon,minLat,maxLon,maxLat in degrees, with min < max.", statusCode: StatusCodes.Status400BadRequest);
        }

        var visible = access.VisibleTo(context.User);
        return VesselGeoJson.FeatureCollection(cache.All
            .Select(v => v.State)
            .Where(s => s.HasPosition && box.Contains(s.Lon!.Value, s.Lat!.Value) && (visible is null || visible.Contains(s.Mmsi))));
    }

    private static Results<Ok<VesselState>, ProblemHttpResult> GetVessel(string mmsi, HttpContext context, VesselStateCache cache, VesselAccess access)
    {
        if (access.CheckVessel(mmsi, context.User, out var value) is { } problem)
        {
            return problem;
        }

        return cache.Get(value) is { State.HasPosition: true } vessel
            ? TypedResults.Ok(vessel.State)
            : TypedResults.Problem(title: "Unknown vessel", detail: $"No position has been received from MMSI {value}.", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> StreamVessel(string mmsi, HttpContext context, VesselAccess access, VesselStreams streams)
    {
        if (access.CheckVessel(mmsi, context.User, out var value) is { } problem)
        {
            return problem;
        }

        await streams.StreamAsync(context, new VesselScope.Vessel(value));
        return TypedResults.Empty;
    }
}
