using AisLive.Server.Pipeline;
using AisLive.Server.Workers;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Cluster;

/// <summary>
/// The cluster node's parts, added when the pipeline runs as <see cref="PipelineMode.ClusterNode"/>
/// (<c>Cluster:NatsUrl</c> set): the pipeline's seams for that mode (decoded messages go to the cluster's log,
/// <see cref="StreamMessageRoute"/>; the feed is held by whichever node holds the lease, <see cref="IngestLease"/>), and
/// the workers that read the log into the live state and the PostGIS writer (<see cref="LogFollowerWorker"/>,
/// <see cref="LogStorageWorker"/>), which in one process read the live channel and the journal. It removes or replaces
/// nothing: the other features register only what their mode needs.
/// </summary>
public static class ClusterExtensions
{
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateDataAnnotations();
        if (PipelineModes.From(configuration) != PipelineMode.ClusterNode)
        {
            return services;
        }

        services.AddSingleton<ClusterConnection>();
        services.AddSingleton<ClusterState>();
        services.AddSingleton<StoredVesselStates>();
        services.AddSingleton<IngestLease>();
        services.AddKeyedSingleton<IIngestLeadership>(PipelineMode.ClusterNode, (sp, _) => sp.GetRequiredService<IngestLease>());
        services.AddKeyedSingleton<IMessageRoute, StreamMessageRoute>(PipelineMode.ClusterNode);
        services.AddKeyedSingleton<Storage.Journal.IJournalContent, JournaledRecords>(PipelineMode.ClusterNode);
        services.AddHostedService(sp => sp.GetRequiredService<IngestLease>());
        services.AddStage<LogPublisherWorker>(StopStage.Publish);
        services.AddHostedService<LogFollowerWorker>();
        services.AddHostedService<LogStorageWorker>();
        services.AddHostedService<ClusterChangeRelay>();
        services.AddHostedService<ConfigReconciler>();
        services.AddSingleton<PresenceBucket>();
        services.AddSingleton<Presence.IPresenceShare>(sp => sp.GetRequiredService<PresenceBucket>());
        services.AddHostedService(sp => sp.GetRequiredService<PresenceBucket>());
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
        if (PipelineModes.From(app.Configuration) != PipelineMode.ClusterNode)
        {
            return app;
        }

        app.Services.GetRequiredService<ClusterMetrics>();
        var node = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.NodeId;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AisLive.Cluster");
        return app.Use(async (context, next) =>
        {
            using (NodeScope(logger, node))
            {
                await next(context);
            }
        });
    }

    private static readonly Func<ILogger, string, IDisposable?> NodeScope = LoggerMessage.DefineScope<string>("node {Node}");
}
