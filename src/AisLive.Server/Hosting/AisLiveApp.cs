using AisLive.Server.Alerts;
using AisLive.Server.Cluster;
using AisLive.Server.Delivery;
using AisLive.Server.Fleets;
using AisLive.Server.History;
using AisLive.Server.Ingest;
using AisLive.Server.Live;
using AisLive.Server.Operations;
using AisLive.Server.Pipeline;
using AisLive.Server.Places;
using AisLive.Server.Presence;
using AisLive.Server.Security;
using AisLive.Server.Storage;
using AisLive.Server.Storage.Quarantine;
using AisLive.Server.Streaming;
using AisLive.Server.Web;
using AisLive.Server.Workers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AisLive.Server.Hosting;

/// <summary>Builds the web application: one Add and one Map per feature. Tests build it the same way.</summary>
public static class AisLiveApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json is copied beside the binary; data paths stay relative to the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        builder.Services.TryAddSingleton(TimeProvider.System); // tests put their own clock in first
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>(); // after the built-in writer
        builder.AddSecurity();
        builder.Services.AddHealthChecks();
        builder.Services.AddMetricsExport(builder.Configuration);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        // The stop order is not this order: StopStage states it, ApplyStopOrder sets it, below. The pipeline's mode
        // (one process, or a cluster node with Cluster:NatsUrl) decides what each feature registers; none replaces another's.
        builder.Services.AddApiDocument();
        builder.Services.AddStreaming();
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddFleets();
        builder.Services.AddHistory();
        builder.Services.AddPlaces();
        builder.Services.AddAlerts();
        builder.Services.AddDelivery();
        builder.Services.AddPresence();
        builder.Services.AddWebPage();
        builder.Services.AddLive(builder.Configuration);
        builder.Services.AddPipeline(builder.Configuration);
        builder.Services.AddIngest(builder.Configuration);
        builder.Services.AddCluster(builder.Configuration); // a cluster node's seams and log workers (nothing without Cluster:NatsUrl)

        builder.Services.ApplyStopOrder(); // the stop order, stated in one place (Workers.StopStage), whatever the registration order above
        var app = builder.Build();
        app.UseClusterNode();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebPage(); // static and anonymous: before authentication
        app.UseSecurity();
        app.MapHealth();
        app.MapSessionEndpoints();
        app.MapFeedEndpoints();
        app.MapVesselEndpoints();
        app.MapHistoryEndpoints();
        app.MapRejectedEndpoints();
        app.MapFleetEndpoints();
        app.MapFleetStreamEndpoints();
        app.MapStatsEndpoint();
        app.MapMetrics();
        app.MapPlaceEndpoints();
        app.MapRuleEndpoints();
        app.MapAlertEndpoints();
        app.MapLifecycleEndpoints();
        app.MapPushEndpoints();
        app.MapDeliveryEndpoints();
        app.MapPresenceEndpoints();
        app.MapMyStreamEndpoints();
        app.MapOpenApi().AllowAnonymous(); // /openapi/v1.json: the contract, no data
        return app;
    }
}
