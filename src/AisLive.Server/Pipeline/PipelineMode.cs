namespace AisLive.Server.Pipeline;

/// <summary>
/// How this process runs the pipeline, read from configuration once: as the one process (the default), or as a node
/// of a cluster (<c>Cluster:NatsUrl</c> is set). Each feature registers what its mode needs: the pipeline picks the
/// implementations of its seams by mode (<see cref="IMessageRoute"/>, <see cref="IIngestLeadership"/>), the live state
/// and the PostGIS writer read the local channels only in one process, and the cluster feature provides the other
/// mode's implementations and adds its own workers. Nothing removes or replaces what another feature registered.
/// </summary>
public enum PipelineMode
{
    SingleProcess,
    ClusterNode,
}

public static class PipelineModes
{
    /// <summary>The configuration key whose presence makes a cluster node.</summary>
    public const string ClusterKey = "Cluster:NatsUrl";

    public static PipelineMode From(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[ClusterKey]) ? PipelineMode.SingleProcess : PipelineMode.ClusterNode;
}
