namespace AisLive.Server.Fleets;

/// <summary>
/// Fleets load from PostgreSQL after migration. A request in the first moments of a start waits a little for them;
/// if the database is still not there, it gets 503 with Retry-After rather than a wrong answer.
/// </summary>
public static class FleetsLoaded
{
    public static TBuilder RequireFleetsLoaded<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(WhenFleetsLoadedAsync).WithMetadata(new Requirement());

    /// <summary>Marks the endpoints that wait for the fleets (the OpenAPI document gives them their 503).</summary>
    public sealed record Requirement;

    private static async ValueTask<object?> WhenFleetsLoadedAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var directory = context.HttpContext.RequestServices.GetRequiredService<FleetDirectory>();
        try
        {
            await directory.WhenLoadedAsync(context.HttpContext.RequestAborted).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(title: "Starting", detail: "Fleets are not loaded yet: the database is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return await next(context);
    }
}
