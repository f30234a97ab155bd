using AisLive.Server.Pipeline;
using AisLive.Server.Workers;

namespace AisLive.Server.Alerts;

public static class AlertExtensions
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<RuleStore>();
        services.AddSingleton<RuleDirectory>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AlertSeedStore>();
        services.AddSingleton<AlertAudience>();
        services.AddSingleton<AlertHub>();
        services.AddSingleton<AlertChannels>();
        services.AddSingleton<AlertMetrics>();
        services.AddSingleton<AlertInputSink>();
        services.AddSingleton<IDecodedMessageSink>(sp => sp.GetRequiredService<AlertInputSink>());
        services.AddHealthChecks().AddCheck<AlertHealthCheck>("alerts", tags: ["ready"]);
        services.AddHostedService<RuleLoaderWorker>();
        services.AddStage<AlertPersister>(StopStage.PersistAlerts);
        services.AddStage<AlertWorker>(StopStage.Evaluate);
        services.AddHostedService<EscalationWorker>();
        services.AddHostedService<ShelfExpiryWorker>();
        services.AddSingleton<AlertRetentionStore>();
        services.AddHostedService<AlertRetentionWorker>();
        services.AddSingleton<AlertEventFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertEventFeed>());
        return services;
    }
}
