using AisLive.Server.Live;
using AisLive.Server.Pipeline;
using AisLive.Server.Storage.Journal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Cluster;

/// <summary>
/// The one place that makes the process a cluster node (SPEC section 13), called after every feature has registered:
/// with <c>Cluster:NatsUrl</c> set, decoded messages go to the cluster's log instead of this process's channels
/// (<see cref="StreamMessageRoute"/>), the live state and the PostGIS writer read the log (<see cref="LogFollowerWorker"/>,
/// <see cref="LogStorageWorker"/>) instead of the live channel and the journal, and the feed is held by whichever node
/// holds the lease (<see cref="IngestLease"/>). Without it, nothing is changed.
/// </summary>
public static class ClusterExtensions
{
    public static bool IsClusterNode(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{ClusterOptions.SectionName}:{nameof(ClusterOptions.NatsUrl)}"]);

    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateDataAnnotations();
        if (!IsClusterNode(configuration))
        {
            return services;
        }

        services.AddSingleton<ClusterConnection>();
        services.AddSingleton<ClusterState>();
        services.AddSingleton<StoredVesselStates>();
        services.AddSingleton<IngestLease>();
        services.Replace(ServiceDescriptor.Singleton<IIngestLeadership>(sp => sp.GetRequiredService<IngestLease>()));
        services.Replace(ServiceDescriptor.Singleton<IMessageRoute, StreamMessageRoute>());

        // The log replaces this process's journal (its writer side and its flusher) and the live channel's reader.
        RemoveHostedService<JournalAppenderWorker>(services);
        RemoveHostedService<StorageFlusherWorker>(services);
        RemoveHostedService<LiveWorker>(services);
        services.AddHostedService(sp => sp.GetRequiredService<IngestLease>());
        services.AddHostedService<LogPublisherWorker>();
        services.AddHostedService<LogFollowerWorker>();
        services.AddHostedService<LogStorageWorker>();
        services.AddHostedService<ClusterChangeRelay>();
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);
        services.AddSingleton<ClusterMetrics>();
        services.Configure<Microsoft.Extensions.Logging.Console.SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);
        return services;
    }

    /// <summary>
    /// A cluster node only: creates the node's metrics (observable instruments, registered when created), and makes every
    /// request's log lines name the node that answered.
    /// </summary>
    public static IApplicationBuilder UseClusterNode(this WebApplication app)
    {
        if (!IsClusterNode(app.Configuration))
        {
            return app;
        }

        app.Services.GetRequiredService<ClusterMetrics>();
        var node = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.NodeId;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AisLive.Cluster");
        return app.Use(async (context, next) =>
        {
            using (logger.BeginScope("node {Node}", node))
            {
                await next(context);
            }
        });
    }

    private static void RemoveHostedService<T>(IServiceCollection services) =>
        services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(T)));
}
