namespace AisLive.Server.Fleets;

public static class FleetExtensions
{
    public static IServiceCollection AddFleets(this IServiceCollection services)
    {
        services.AddOptions<FleetOptions>().BindConfiguration(FleetOptions.SectionName);
        services.AddSingleton<FleetStore>();
        services.AddSingleton<FleetDirectory>();
        services.AddSingleton<VesselAccess>();
        services.AddSingleton<FleetService>();
        services.AddHostedService<FleetLoaderWorker>();
        return services;
    }
}
