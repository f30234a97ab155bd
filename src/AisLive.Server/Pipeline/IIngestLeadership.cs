namespace AisLive.Server.Pipeline;

/// <summary>
/// Whether this process may hold the upstream feed (and evaluate alerts) now. One process always may; a cluster
/// node may while it holds the cluster's ingest lease. A term is one uninterrupted hold.
/// </summary>
public interface IIngestLeadership
{
    /// <summary>The node holding the feed now (null when nobody does, or when unknown).</summary>
    string? Leader { get; }

    /// <summary>True while this process leads.</summary>
    bool IsLeader { get; }

    /// <summary>Waits until this process leads; the token it returns is cancelled when the term ends.</summary>
    Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken);

    /// <summary>One process: leader from start to stop, in one term.</summary>
    public sealed class SingleProcess : IIngestLeadership
    {
        public string? Leader => null;

        public bool IsLeader => true;

        public Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken) => Task.FromResult(CancellationToken.None);
    }
}
