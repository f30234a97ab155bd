using AisLive.Server.Fleets;
using AisLive.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>The alarm lifecycle's endpoints (SPEC 9.4): shelving, out of service, and the alarm-quality figures.</summary>
public static class LifecycleEndpoints
{
    private static readonly TimeSpan MaxQualityRange = TimeSpan.FromDays(31);

    public static void MapLifecycleEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var alerts = endpoints.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization().RequireRateLimiting(RateLimits.Api).RequireFleetsLoaded();
        alerts.MapPost("/{id:long}/shelve", Shelve)
            .WithSummary("Shelves the alert's rule and vessel {minutes, reason} (operators of its fleet, admins): what they raise until then is recorded, not notified.");
        alerts.MapGet("/quality", Quality)
            .WithSummary("Alarm quality of a fleet from..to (default the last 24 h): alerts per 10 minutes, floods, chattering, stale, the most frequent rules, time to acknowledge.");

        var fleets = endpoints.MapGroup("/api/fleets").WithTags("Alerts").RequireAuthorization().RequireRateLimiting(RateLimits.Api).RequireFleetsLoaded();
        fleets.MapGet("/{id:long}/out-of-service", ListOutOfService).WithSummary("The fleet's vessels out of service now (members).");
        fleets.MapPost("/{id:long}/vessels/{mmsi}/out-of-service", SetOutOfService)
            .WithSummary("Puts a vessel of the fleet out of service {until?, reason} (operators of the fleet, admins): no alerts for it in this fleet until then.");
        fleets.MapDelete("/{id:long}/vessels/{mmsi}/out-of-service", ClearOutOfService).WithSummary("Returns the vessel to service in this fleet.");
    }

    private static async Task<Results<Ok<AlertView>, ProblemHttpResult>> Shelve(
        long id, ShelveRequest? request, HttpContext context, AlertStore store, AlertHub hub, AlertAudience audience, FleetDirectory fleets, IOptions<AlertOptions> options, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxShelveMinutes;
        if (request?.Minutes is not { } minutes || minutes < 1 || minutes > max)
        {
            return Problem("Invalid minutes", $"minutes is from 1 to {max} (Alerts:MaxShelveMinutes).", StatusCodes.Status400BadRequest);
        }

        if (request.Reason?.Trim() is not { Length: > 0 and <= 500 } reason)
        {
            return Problem("Invalid reason", "A reason (1 to 500 characters) says why the alert is shelved; the next shift reads it.", StatusCodes.Status400BadRequest);
        }

        if (await store.GetAsync(id, cancellationToken) is not { } alert || !audience.Sees(context.User, alert.FleetId, alert.Recipients))
        {
            return Problem("Unknown alert", $"There is no alert {id}.", StatusCodes.Status404NotFound);
        }

        if (!fleets.Current.CanAct(context.User, alert.FleetId))
        {
            return Problem("Forbidden", "Only operators of the alert's fleet, and admins, shelve it.", StatusCodes.Status403Forbidden);
        }

        if (alert.Kind == RuleKinds.Distress)
        {
            return Problem("Not shelved", "A distress alert is never shelved: it stays in front of everyone until it is acknowledged.", StatusCodes.Status409Conflict);
        }

        return await hub.ShelveAsync(id, context.User.UserId(), minutes, reason, cancellationToken) is { } shelved
            ? TypedResults.Ok(shelved)
            : Problem("Unknown alert", $"There is no alert {id}.", StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<AlarmQuality>, ProblemHttpResult>> Quality(
        long? fleetId, DateTimeOffset? from, DateTimeOffset? to, HttpContext context, AlertStore store, FleetDirectory fleets, TimeProvider time, CancellationToken cancellationToken)
    {
        if (fleetId is not { } fleet)
        {
            return Problem("Invalid fleet", "fleetId is required.", StatusCodes.Status400BadRequest);
        }

        if (!fleets.Current.CanRead(context.User, fleet))
        {
            return Problem("Forbidden", "Only the fleet's members, and admins, read its alarm quality.", StatusCodes.Status403Forbidden);
        }

        var now = time.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end.AddDays(-1);
        if (end <= start || end - start > MaxQualityRange)
        {
            return Problem("Invalid range", "from is before to, at most 31 days apart.", StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(await store.QualityAsync(fleet, start, end, now, cancellationToken));
    }

    private static async Task<Results<Ok<List<OutOfService>>, ProblemHttpResult>> ListOutOfService(
        long id, HttpContext context, AlertStore store, FleetDirectory fleets, TimeProvider time, CancellationToken cancellationToken) =>
        fleets.Current.CanRead(context.User, id)
            ? TypedResults.Ok(await store.OutOfServiceAsync(id, time.GetUtcNow(), cancellationToken))
            : Problem("Forbidden", "Only the fleet's members, and admins, read it.", StatusCodes.Status403Forbidden);

    private static async Task<Results<Ok<OutOfService>, ProblemHttpResult>> SetOutOfService(
        long id, string mmsi, OutOfServiceRequest? request, HttpContext context, AlertStore store, FleetDirectory fleets, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Check(id, mmsi, context, fleets) is { } problem)
        {
            return problem;
        }

        var now = time.GetUtcNow();
        if (request?.Reason?.Trim() is not { Length: > 0 and <= 500 } reason)
        {
            return Problem("Invalid reason", "A reason (1 to 500 characters) says why the vessel is out of service.", StatusCodes.Status400BadRequest);
        }

        if (request.Until is { } until && until <= now)
        {
            return Problem("Invalid until", "until is in the future (or absent: until returned to service).", StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(await store.SetOutOfServiceAsync(id, uint.Parse(mmsi, System.Globalization.CultureInfo.InvariantCulture), request.Until, reason, context.User.UserId(), now, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ClearOutOfService(long id, string mmsi, HttpContext context, AlertStore store, FleetDirectory fleets, CancellationToken cancellationToken)
    {
        if (Check(id, mmsi, context, fleets) is { } problem)
        {
            return problem;
        }

        return await store.ClearOutOfServiceAsync(id, uint.Parse(mmsi, System.Globalization.CultureInfo.InvariantCulture), cancellationToken)
            ? TypedResults.NoContent()
            : Problem("Not out of service", $"Vessel {mmsi} is not out of service in fleet {id}.", StatusCodes.Status404NotFound);
    }

    /// <summary>The caller operates the fleet, and the vessel is one of its vessels.</summary>
    private static ProblemHttpResult? Check(long fleetId, string mmsi, HttpContext context, FleetDirectory fleets)
    {
        var snapshot = fleets.Current;
        if (!snapshot.CanRead(context.User, fleetId))
        {
            return Problem("Unknown fleet", $"There is no fleet {fleetId}.", StatusCodes.Status404NotFound);
        }

        if (!snapshot.CanAct(context.User, fleetId))
        {
            return Problem("Forbidden", "Only operators of the fleet, and admins, take its vessels out of service.", StatusCodes.Status403Forbidden);
        }

        return uint.TryParse(mmsi, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && snapshot.Contains(fleetId, value)
            ? null
            : Problem("Unknown vessel", $"Vessel {mmsi} is not in fleet {fleetId}.", StatusCodes.Status404NotFound);
    }

    private static ProblemHttpResult Problem(string title, string detail, int status) => TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
