using System.Globalization;
using AisLive.Server.Fleets;
using AisLive.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AisLive.Server.Places;

/// <summary>Places (admins write, every signed-in user reads) and the port-call log of vessels and places.</summary>
public static class PlaceEndpoints
{
    private const int MaxCalls = 1_000;

    public static RouteGroupBuilder MapPlaceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Places").RequireAuthorization().RequireRateLimiting(RateLimits.Api)
            .RequireFleetsLoaded(); // the schema is migrated by then, and the port-call log filters by fleet
        var admin = new Action<Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder>(p => p.RequireRole(Roles.Admin));

        group.MapGet("/places", List).WithSummary("Every place: {id, name, kind, unlocode, area (GeoJSON)}.");
        group.MapGet("/places/{id:long}", Get).WithSummary("One place.");
        group.MapPost("/places", Create).RequireAuthorization(admin).WithSummary("Creates a place {name, kind: port|anchorage|terminal|canal|other, area, unlocode?} (admins).");
        group.MapPut("/places/{id:long}", Replace).RequireAuthorization(admin).WithSummary("Replaces a place (admins).");
        group.MapDelete("/places/{id:long}", Delete).RequireAuthorization(admin).WithSummary("Deletes a place and its port calls (admins).");
        group.MapGet("/places/{id:long}/port-calls", PlaceCalls).WithSummary("Calls at a place overlapping from..to (default: the last 30 days), of the vessels the caller may see.");
        group.MapGet("/vessels/{mmsi}/port-calls", VesselCalls).WithSummary("A vessel's port calls overlapping from..to (default: the last 30 days).");
        return group;
    }

    private static async Task<Ok<List<Place>>> List(PlaceStore store, CancellationToken cancellationToken) => TypedResults.Ok(await store.LoadAllAsync(cancellationToken));

    private static async Task<Results<Ok<Place>, ProblemHttpResult>> Get(long id, PlaceStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } place ? TypedResults.Ok(place) : Unknown(id);

    private static async Task<Results<Created<Place>, ProblemHttpResult>> Create(PlaceRequest request, PlaceStore store, PlaceDirectory directory, CancellationToken cancellationToken)
    {
        if (directory.Validate(request) is { Count: > 0 } errors)
        {
            return Invalid(errors);
        }

        var place = await store.InsertAsync(request.Name!.Trim(), request.Kind!, request.Unlocode, request.Area!, cancellationToken);
        await directory.WrittenHereAsync(cancellationToken);
        return TypedResults.Created($"/api/places/{place.Id}", place);
    }

    private static async Task<Results<Ok<Place>, ProblemHttpResult>> Replace(long id, PlaceRequest request, PlaceStore store, PlaceDirectory directory, CancellationToken cancellationToken)
    {
        if (directory.Validate(request) is { Count: > 0 } errors)
        {
            return Invalid(errors);
        }

        if (await store.UpdateAsync(id, request.Name!.Trim(), request.Kind!, request.Unlocode, request.Area!, cancellationToken) is not { } place)
        {
            return Unknown(id);
        }

        await directory.WrittenHereAsync(cancellationToken);
        return TypedResults.Ok(place);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, PlaceStore store, PlaceDirectory directory, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(id, cancellationToken))
        {
            return Unknown(id);
        }

        await directory.WrittenHereAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<PortCall>>, ProblemHttpResult>> PlaceCalls(
        long id, string? from, string? to, HttpContext context, PlaceStore places, PortCallStore calls, VesselAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryRange(from, to, time, out var range, out var problem))
        {
            return problem!;
        }

        if (await places.GetAsync(id, cancellationToken) is null)
        {
            return Unknown(id);
        }

        var visible = access.VisibleTo(context.User)?.Select(v => (int)v).ToArray(); // null: an admin sees all
        return TypedResults.Ok(await calls.ListAsync(null, id, visible, range.From, range.To, MaxCalls, cancellationToken));
    }

    private static async Task<Results<Ok<List<PortCall>>, ProblemHttpResult>> VesselCalls(
        string mmsi, string? from, string? to, HttpContext context, PortCallStore calls, VesselAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (access.CheckVessel(mmsi, context.User, out var vessel) is { } forbidden)
        {
            return forbidden;
        }

        if (!TryRange(from, to, time, out var range, out var problem))
        {
            return problem!;
        }

        return TypedResults.Ok(await calls.ListAsync(vessel, null, null, range.From, range.To, MaxCalls, cancellationToken));
    }

    private static bool TryRange(string? from, string? to, TimeProvider time, out (DateTimeOffset From, DateTimeOffset To) range, out ProblemHttpResult? problem)
    {
        range = default;
        problem = null;
        var end = time.GetUtcNow();
        var start = end.AddDays(-30);
        if ((to is not null && !DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out end))
            || (from is not null && !DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out start)))
        {
            problem = TypedResults.Problem(title: "Invalid time", detail: "from and to are ISO 8601 dates and times, e.g. 2026-11-21T10:00:00Z.", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        if (from is null && to is not null)
        {
            start = end.AddDays(-30);
        }

        if (start > end)
        {
            problem = TypedResults.Problem(title: "Invalid time", detail: "from is after to.", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        range = (start, end);
        return true;
    }

    private static ProblemHttpResult Invalid(List<string> errors) =>
        TypedResults.Problem(title: "Invalid place", detail: string.Join(" ", errors), statusCode: StatusCodes.Status400BadRequest);

    private static ProblemHttpResult Unknown(long id) =>
        TypedResults.Problem(title: "Unknown place", detail: $"There is no place {id}.", statusCode: StatusCodes.Status404NotFound);
}
