using AisLive.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AisLive.Server.Fleets;

/// <summary>Fleet CRUD (admins) and reading by members. The fleet's live positions and stream are Live's (<c>FleetStreamEndpoints</c>).</summary>
public static class FleetEndpoints
{
    public static RouteGroupBuilder MapFleetEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/fleets").WithTags("Fleets").RequireAuthorization().RequireRateLimiting(RateLimits.Api)
            .RequireFleetsLoaded();
        var admin = new Action<Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder>(p => p.RequireRole(Roles.Admin));

        group.MapPost("/", Create).RequireAuthorization(admin).WithSummary("Creates a fleet: {name, vessels:[mmsi], members:[{userId, role}]} (admins).");
        group.MapGet("/", List).WithSummary("The caller's fleets (every fleet for admins).");
        group.MapGet("/{id:long}", Get).WithSummary("One fleet, for its members and admins.");
        group.MapPut("/{id:long}", Replace).RequireAuthorization(admin).WithSummary("Replaces a fleet's name, vessels and members (admins).");
        group.MapDelete("/{id:long}", Delete).RequireAuthorization(admin).WithSummary("Deletes a fleet (admins).");
        group.MapPost("/{id:long}/vessels", AddVessel).RequireAuthorization(admin).WithSummary("Adds a vessel {mmsi} to a fleet (admins).");
        group.MapDelete("/{id:long}/vessels/{mmsi}", RemoveVessel).RequireAuthorization(admin).WithSummary("Removes a vessel from a fleet (admins).");
        return group;
    }

    private static async Task<Results<Created<Fleet>, ProblemHttpResult>> Create(FleetRequest request, FleetService fleets, CancellationToken cancellationToken)
    {
        if (Invalid(fleets, request) is { } problem)
        {
            return problem;
        }

        var fleet = await fleets.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/fleets/{fleet.Id}", fleet);
    }

    private static Ok<List<Fleet>> List(HttpContext context, FleetDirectory directory) => TypedResults.Ok(directory.Current.VisibleTo(context.User).ToList());

    private static Results<Ok<Fleet>, ProblemHttpResult> Get(long id, HttpContext context, FleetDirectory directory, VesselAccess access) =>
        access.CheckFleet(id, context.User) is { } problem ? problem : TypedResults.Ok(directory.Current.Fleets[id]);

    private static async Task<Results<Ok<Fleet>, ProblemHttpResult>> Replace(long id, FleetRequest request, FleetService fleets, CancellationToken cancellationToken)
    {
        if (Invalid(fleets, request) is { } problem)
        {
            return problem;
        }

        return await fleets.ReplaceAsync(id, request, cancellationToken) is { } fleet ? TypedResults.Ok(fleet) : NotFound(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, FleetService fleets, CancellationToken cancellationToken) =>
        await fleets.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<Results<Ok<Fleet>, ProblemHttpResult>> AddVessel(long id, FleetVesselRequest request, FleetService fleets, FleetDirectory directory, Microsoft.Extensions.Options.IOptions<SecurityOptions> security, CancellationToken cancellationToken)
    {
        if (!new Ais.Mmsi(request.Mmsi).IsValid)
        {
            return TypedResults.Problem(title: "Invalid MMSI", detail: "An MMSI is a number from 1 to 999999999.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (directory.Current.Fleets.TryGetValue(id, out var current) && current.Vessels.Count >= security.Value.MaxFleetVessels && !current.Vessels.Contains(request.Mmsi))
        {
            return TypedResults.Problem(title: "Fleet full", detail: $"A fleet holds at most {security.Value.MaxFleetVessels} vessels.", statusCode: StatusCodes.Status400BadRequest);
        }

        return await fleets.SetVesselAsync(id, request.Mmsi, member: true, cancellationToken) is { } fleet ? TypedResults.Ok(fleet) : NotFound(id);
    }

    private static async Task<Results<Ok<Fleet>, ProblemHttpResult>> RemoveVessel(long id, uint mmsi, FleetService fleets, CancellationToken cancellationToken) =>
        await fleets.SetVesselAsync(id, mmsi, member: false, cancellationToken) is { } fleet ? TypedResults.Ok(fleet) : NotFound(id);

    private static ProblemHttpResult? Invalid(FleetService fleets, FleetRequest request) =>
        fleets.Validate(request).ToList() is { Count: > 0 } errors
            ? TypedResults.Problem(title: "Invalid fleet", detail: string.Join(" ", errors), statusCode: StatusCodes.Status400BadRequest)
            : null;

    private static ProblemHttpResult NotFound(long id) => VesselAccess.UnknownFleet(id);
}
