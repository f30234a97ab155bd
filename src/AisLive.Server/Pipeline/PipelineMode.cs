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

    /// <summary>A node's name unless <c>Cluster:NodeId</c> sets one: the host name and the process id.</summary>
    public static string DefaultNodeName { get; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>This process's name in logs, <c>/api/stats</c> and <c>/metrics</c> (one process has one too).</summary>
    public static string NodeName(IConfiguration configuration) =>
        configuration["Cluster:NodeId"] is { Length: > 0 } configured ? configured : DefaultNodeName;
}
