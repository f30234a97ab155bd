using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AisLive.Server.Hosting;

public static class HealthEndpoints
{
    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: every check tagged "ready" passes.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return endpoints;
    }
}
