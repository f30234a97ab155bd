using AisLive.Server.Workers;

namespace AisLive.Server.Pipeline;

public static class PipelineExtensions
{
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<PipelineOptions>().BindConfiguration(PipelineOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<PipelineChannels>();

        // The seams: the mode's implementation, registered under its mode by whichever feature provides it
        // (this one for one process, the cluster feature for a node).
        var mode = PipelineModes.From(configuration);
        services.AddKeyedSingleton<IMessageRoute, LocalMessageRoute>(PipelineMode.SingleProcess);
        services.AddKeyedSingleton<IIngestLeadership, IIngestLeadership.SingleProcess>(PipelineMode.SingleProcess);
        services.AddSingleton(sp => sp.GetRequiredKeyedService<IMessageRoute>(mode));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<IIngestLeadership>(mode));
        services.AddStage<DecodeWorker>(StopStage.Decode);
        return services;
    }
}
