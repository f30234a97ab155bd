using AisLive.Server.Pipeline;
using AisLive.Server.Workers;

namespace AisLive.Server.Live;

public static class LiveExtensions
{
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<LiveOptions>().BindConfiguration(LiveOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<VesselStateCache>();
        services.AddSingleton<LiveMetrics>();
        services.AddSingleton<LiveHub>();
        services.AddSingleton<VesselStreams>();
        if (PipelineModes.From(configuration) == PipelineMode.SingleProcess)
        {
            services.AddStage<LiveWorker>(StopStage.Live); // a cluster node's live state follows the cluster's log instead
        }

        services.AddHostedService<VesselEvictionWorker>();
        return services;
    }
}
