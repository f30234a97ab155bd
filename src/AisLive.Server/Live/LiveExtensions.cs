using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AisLive.Server.Live;

public static class LiveExtensions
{
    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<LiveOptions>().BindConfiguration(LiveOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<VesselStateCache>();
        services.AddSingleton<LiveMetrics>();
        services.AddSingleton<WriteWindow>();
        services.AddSingleton<LiveHub>();
        services.AddSingleton<SseResponseWriter>();
        services.TryAddSingleton<IStreamWatchers, IStreamWatchers.None>();
        services.AddHostedService<LiveWorker>();
        services.AddHostedService<VesselEvictionWorker>();
        return services;
    }
}
