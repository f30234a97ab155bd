using AisLive.Server.Fleets;
using AisLive.Server.Security;
using AisLive.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AisLive.Server.Presence;

public static class PresenceExtensions
{
    public static IServiceCollection AddPresence(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<PresenceOptions>().BindConfiguration(PresenceOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<IStreamWatchers>(sp => sp.GetRequiredService<PresenceTracker>());
        return services;
    }

    public static IEndpointRouteBuilder MapPresenceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/fleets/{id:long}/watchers", Watchers).WithTags("Fleets").RequireAuthorization().RequireRateLimiting(RateLimits.Api)
            .RequireFleetsLoaded()
            .WithSummary("Who has this fleet's stream or their alerts stream open: {fleetId, watchers: [{userId, role, streams, since}]}.");
        return endpoints;
    }

    private static Results<Ok<WatchersView>, ProblemHttpResult> Watchers(long id, HttpContext context, FleetDirectory fleets, PresenceTracker presence) =>
        !fleets.Current.Fleets.ContainsKey(id) ? TypedResults.Problem(title: "Unknown fleet", detail: $"There is no fleet {id}.", statusCode: StatusCodes.Status404NotFound)
        : !fleets.Current.CanRead(context.User, id) ? TypedResults.Problem(title: "Forbidden", detail: "You are not a member of this fleet.", statusCode: StatusCodes.Status403Forbidden)
        : TypedResults.Ok(presence.Watchers(id));
}
