namespace AisLive.Server.Cluster;

/// <summary>What this node knows of its part in the cluster, for readiness, <c>/api/stats</c> and <c>/metrics</c>.</summary>
public sealed class ClusterState
{
    private long _applied;
    private long _lag;
    private long _published;
    private long _duplicates;
    private long _stored;
    private long _formerTerm;

    /// <summary>The log position this node's live state has reached.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Messages in the log this node has yet to apply (its stream lag).</summary>
    public long Lag => Interlocked.Read(ref _lag);

    public long Published => Interlocked.Read(ref _published);

    /// <summary>Publishes JetStream recognised as a copy of one it has (a republish after a lost acknowledgement).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Log messages this node stored in PostGIS and acknowledged.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Log records of a former leadership term that landed after a later term's, and were stored but not applied live.</summary>
    public long FormerTermRecords => Interlocked.Read(ref _formerTerm);

    public void FormerTermSkipped() => Interlocked.Increment(ref _formerTerm);

    /// <summary>True once this node's live state has caught up with the log after starting.</summary>
    public bool CaughtUp { get; set; }

    /// <summary>The leader's publishes are being refused (the log is full, or NATS is away): ingest is held back.</summary>
    public string? PublishBlocked { get; set; }

    public void AppliedUpTo(long position, long pending)
    {
        Interlocked.Exchange(ref _applied, position);
        Interlocked.Exchange(ref _lag, pending);
    }

    public void PublishConfirmed(bool duplicate)
    {
        Interlocked.Increment(ref _published);
        if (duplicate)
        {
            Interlocked.Increment(ref _duplicates);
        }
    }

    public void StoredBatch(int messages) => Interlocked.Add(ref _stored, messages);
}
