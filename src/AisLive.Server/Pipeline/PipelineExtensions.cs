using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AisLive.Server.Pipeline;

public static class PipelineExtensions
{
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<PipelineOptions>().BindConfiguration(PipelineOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<PipelineChannels>();
        services.TryAddSingleton<IMessageRoute, LocalMessageRoute>();      // a cluster node replaces both (Cluster.ClusterExtensions)
        services.TryAddSingleton<IIngestLeadership, IIngestLeadership.SingleProcess>();
        services.AddHostedService<DecodeWorker>();
        return services;
    }
}
