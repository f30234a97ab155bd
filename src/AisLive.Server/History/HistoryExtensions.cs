namespace AisLive.Server.History;

public static class HistoryExtensions
{
    public static IServiceCollection AddHistory(this IServiceCollection services) => services.AddSingleton<HistoryQueries>();
}
