namespace AisLive.Server.Pipeline;

/// <summary>
/// Whether this process may hold the upstream feed (and evaluate alerts) now. One process always may; a cluster
/// node may while it holds the cluster's ingest lease. A term is one uninterrupted hold.
/// </summary>
public interface IIngestLeadership
{
    /// <summary>The node holding the feed now (null when nobody does, or when unknown).</summary>
    string? Leader { get; }

    /// <summary>
    /// True while this process leads. A cluster node stops saying so as soon as its hold may have lapsed (it has not
    /// renewed the lease for half its time-to-live), before it has heard that another node took over: after a pause
    /// (SIGSTOP, a frozen VM) nothing the node does on waking is done as leader.
    /// </summary>
    bool IsLeader { get; }

    /// <summary>
    /// The number of this process's current (or last) term, rising from term to term across the cluster; what it writes
    /// as leader carries it, so writes of a former term can be refused where they land. Null in one process, where
    /// there is one term and nothing to fence.
    /// </summary>
    long? Term { get; }

    /// <summary>Waits until this process leads; the token it returns is cancelled when the term ends.</summary>
    Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken);

    /// <summary>One process: leader from start to stop, in one term.</summary>
    public sealed class SingleProcess : IIngestLeadership
    {
        public string? Leader => null;

        public bool IsLeader => true;

        public long? Term => null;

        public Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken) => Task.FromResult(CancellationToken.None);
    }
}
