using AisLive.Server.Fleets;
using AisLive.Server.Security;
using AisLive.Server.Streaming;
using AisLive.Server.Vessels;

namespace AisLive.Server.Live;

/// <summary><c>/api/me/stream</c>: every vessel of the caller's fleets (all fleets for admins) through one connection.</summary>
public static class MyStreamEndpoints
{
    public static IEndpointRouteBuilder MapMyStreamEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/me/stream", Stream).WithTags("Vessels").RequireAuthorization().RequireStreamLimits()
            .ProducesEvents(VesselStreams.Events, typeof(VesselState))
            .RequireFleetsLoaded()
            .WithSummary("Server-Sent Events over all the caller's fleets: the fleet stream's events and resume semantics, each vessel once; ends with fleets-changed when the caller's memberships change.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return endpoints;
    }

    private static async Task Stream(HttpContext context, FleetDirectory directory, VesselStreams streams)
    {
        var snapshot = directory.Current;
        var user = context.User;
        long[] fleetIds = user.IsAdmin() ? [.. snapshot.Fleets.Keys.Order()] : [.. (snapshot.FleetsByUser.GetValueOrDefault(user.UserId()) ?? []).Order()];
        await streams.StreamAsync(context, new VesselScope.Mine(user.UserId(), fleetIds, directory));
    }
}
