namespace AisLive.Server.Places;

public static class PlacesExtensions
{
    public static IServiceCollection AddPlaces(this IServiceCollection services)
    {
        services.AddOptions<PlaceOptions>().BindConfiguration(PlaceOptions.SectionName);
        services.AddSingleton<PlaceStore>();
        services.AddSingleton<PlaceDirectory>();
        services.AddSingleton<PortCallStore>();
        return services;
    }
}
