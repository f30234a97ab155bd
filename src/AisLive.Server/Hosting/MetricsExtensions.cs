using System.Net;
using AisLive.Server.Pipeline;
using AisLive.Server.Security;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AisLive.Server.Hosting;

/// <summary>
/// Every meter of the service (<c>AisLive.*</c>), ASP.NET Core's and Npgsql's, exported by OpenTelemetry
/// in Prometheus text at <c>/metrics</c>. The same instruments stay readable with dotnet-counters.
/// </summary>
public static class MetricsExtensions
{
    public static IServiceCollection AddMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName);

        // The node that answered: target_info{service_instance_id="..."} on every scrape.
        var node = PipelineModes.NodeName(configuration);
        services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("aislive", serviceInstanceId: node)).WithMetrics(metrics => metrics
            .AddMeter("AisLive.*")
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections", "Npgsql")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Loopback scrapers (a Prometheus on the same host) need nothing; elsewhere an admin token, unless Metrics:AllowAnonymous.</summary>
    public static IEndpointConventionBuilder MapMetrics(this WebApplication app)
    {
        var allowAnonymous = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.AllowAnonymous;
        return app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(policy => policy.RequireAssertion(context =>
            allowAnonymous
            || (context.Resource is HttpContext http && http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address))
            || context.User.IsInRole(Roles.Admin)));
    }
}
