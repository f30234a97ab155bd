using AisLive.Server.Fleets;
using AisLive.Server.Security;
using AisLive.Server.Streaming;
using AisLive.Server.Vessels;

namespace AisLive.Server.Live;

/// <summary>A fleet's live state: its vessels' latest positions, and its stream (which follows fleet changes live).</summary>
public static class FleetStreamEndpoints
{
    public static RouteGroupBuilder MapFleetStreamEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/fleets").WithTags("Fleets").RequireAuthorization().RequireRateLimiting(RateLimits.Api).RequireFleetsLoaded();
        group.MapGet("/{id:long}/positions", Positions)
            .Produces<VesselGeoJson.VesselFeatureCollection>(StatusCodes.Status200OK, "application/geo+json")
            .WithSummary("The fleet's vessels' latest states as a GeoJSON FeatureCollection.");
        group.MapGet("/{id:long}/stream", Stream).RequireStreamLimits()
            .ProducesEvents(VesselStreams.Events, typeof(VesselState))
            .WithSummary("Server-Sent Events: the fleet's vessels on connect, then every change; follows fleet changes live.");
        return group;
    }

    private static IResult Positions(long id, HttpContext context, FleetDirectory directory, VesselAccess access, VesselStateCache cache) =>
        access.CheckFleet(id, context.User) is { } problem
            ? problem
            : VesselGeoJson.FeatureCollection(directory.Current.Fleets[id].Vessels.Select(cache.Get).OfType<CachedVessel>().Select(v => v.State));

    private static async Task<IResult> Stream(long id, HttpContext context, FleetDirectory directory, VesselAccess access, VesselStreams streams)
    {
        if (access.CheckFleet(id, context.User) is { } problem)
        {
            return problem;
        }

        await streams.StreamAsync(context, new VesselScope.Fleet(id, directory));
        return TypedResults.Empty;
    }
}
