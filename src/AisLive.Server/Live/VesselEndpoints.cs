using Microsoft.AspNetCore.Http.HttpResults;

using AisLive.Server.Security;

namespace AisLive.Server.Live;

public static class VesselEndpoints
{
    public static RouteGroupBuilder MapVesselEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/vessels").WithTags("Vessels").RequireAuthorization().RequireRateLimiting(RateLimits.Api);

        group.MapGet("/{mmsi}", GetVessel)
            .WithName("GetVessel")
            .WithSummary("The latest state of one vessel: position merged with static data.");

        group.MapGet("/{mmsi}/stream", StreamVessel)
            .RequireRateLimiting(RateLimits.Streams)
            .WithName("StreamVessel")
            .WithSummary("Server-Sent Events: the vessel's state on connect, then every change.");

        return group;
    }

    private static Results<Ok<VesselState>, ProblemHttpResult> GetVessel(string mmsi, VesselStateCache cache)
    {
        if (!TryParseMmsi(mmsi, out var value))
        {
            return InvalidMmsi();
        }

        return cache.Get(value) is { State.HasPosition: true } vessel
            ? TypedResults.Ok(vessel.State)
            : TypedResults.Problem(title: "Unknown vessel", detail: $"No position has been received from MMSI {value}.", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> StreamVessel(string mmsi, HttpContext context, SseResponseWriter writer)
    {
        if (!TryParseMmsi(mmsi, out var value))
        {
            return InvalidMmsi();
        }

        await writer.StreamAsync(context, new StreamScope.Vessel(value));
        return TypedResults.Empty;
    }

    private static bool TryParseMmsi(string text, out uint mmsi)
    {
        var ok = Ais.Mmsi.TryParse(text, out var parsed) && parsed.IsValid;
        mmsi = ok ? parsed.Value : 0;
        return ok;
    }

    private static ProblemHttpResult InvalidMmsi() =>
        TypedResults.Problem(title: "Invalid MMSI", detail: "An MMSI is a number from 1 to 999999999.", statusCode: StatusCodes.Status400BadRequest);
}
