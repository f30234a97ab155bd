namespace AisLive.Server.Workers;

/// <summary>
/// Registers pipeline stages with their <see cref="StopStage"/>, and puts them in that order. The host stops hosted
/// services in the reverse of their registration, so <see cref="ApplyStopOrder"/> moves the stages' registrations
/// to the end, downstream first: they start downstream first and stop upstream first, and the workers that only
/// poll or tick (webhooks, escalation, eviction, partitions, loaders) stop after them. The host's shutdown timeout
/// bounds it all; whatever a stage could not finish is in the journal or the database for the next start.
/// </summary>
public static class StopOrder
{
    /// <summary>A hosted service that is a pipeline stage, stopped at <paramref name="stage"/>.</summary>
    public static IServiceCollection AddStage<T>(this IServiceCollection services, StopStage stage)
        where T : class, IHostedService
    {
        services.AddHostedService<T>();
        services.AddSingleton(new StageRegistration(typeof(T), stage));
        return services;
    }

    /// <summary>The stages registered, upstream to downstream.</summary>
    public static IReadOnlyList<StageRegistration> Stages(IServiceCollection services) =>
        [.. services.Where(d => d.ServiceType == typeof(StageRegistration)).Select(d => (StageRegistration)d.ImplementationInstance!).OrderBy(s => s.Stage)];

    /// <summary>Call once, after every feature has registered its hosted services.</summary>
    public static IServiceCollection ApplyStopOrder(this IServiceCollection services)
    {
        foreach (var stage in Stages(services).Reverse())
        {
            var registration = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == stage.Worker);
            services.Remove(registration);
            services.Add(registration);
        }

        return services;
    }

    /// <summary>One stage: its worker type and where it stops.</summary>
    public sealed record StageRegistration(Type Worker, StopStage Stage);
}
