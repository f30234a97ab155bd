namespace AisLive.Server.Alerts;

public static class AlertExtensions
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<RuleStore>();
        services.AddSingleton<RuleBook>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AlertHub>();
        services.AddSingleton<AlertChannels>();
        services.AddHostedService<RuleLoaderWorker>();
        services.AddHostedService<AlertPersister>();
        services.AddHostedService<AlertWorker>();
        return services;
    }
}
