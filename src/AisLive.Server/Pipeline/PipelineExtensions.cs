namespace AisLive.Server.Pipeline;

public static class PipelineExtensions
{
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<PipelineOptions>().BindConfiguration(PipelineOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<PipelineChannels>();
        services.AddHostedService<DecodeWorker>();
        return services;
    }
}
