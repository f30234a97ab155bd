using AisLive.Server.Workers;
using AisLive.Server.Live.Handoff;
using AisLive.Server.Pipeline;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AisLive.Server.Live;

public static class LiveExtensions
{
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<LiveOptions>().BindConfiguration(LiveOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<VesselStateCache>();
        services.AddSingleton<LiveMetrics>();
        services.AddSingleton<WriteWindow>();
        services.AddSingleton<HeartbeatTimer>();
        services.AddSingleton<LiveHub>();
        services.AddSingleton<SseResponseWriter>();
        services.TryAddSingleton<IStreamWatchers, IStreamWatchers.None>();
        if (PipelineModes.From(configuration) == PipelineMode.SingleProcess)
        {
            services.AddStage<LiveWorker>(StopStage.Live); // a cluster node's live state follows the cluster's log instead
        }

        services.AddHostedService<VesselEvictionWorker>();

        // Every endpoint gets the hand-off layer; SseResponseWriter uses it unless Live:HandOffStreams is off.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            listen.Use(HandoffConnection.Middleware(
                kestrel.Limits.MinResponseDataRate,
                listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<HandoffConnection>()))));
        return services;
    }
}
