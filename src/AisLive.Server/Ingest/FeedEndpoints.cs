using AisLive.Server.Security;

namespace AisLive.Server.Ingest;

public static class FeedEndpoints
{
    public static RouteGroupBuilder MapFeedEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/feed").WithTags("Feed").RequireAuthorization().RequireRateLimiting(RateLimits.Api);
        group.MapGet("/", (FeedStatus status) => TypedResults.Ok(status.Snapshot()))
            .WithName("GetFeed")
            .WithSummary("The upstream feed: source, state, last message, counters and reconnects by reason.");
        return group;
    }
}
