using System.Diagnostics.CodeAnalysis;
using AisLive.Server.Ingest;
using AisLive.Server.Pipeline;
using NATS.Client.KeyValueStore;

namespace AisLive.Server.Cluster;

/// <summary>
/// The ingest lease: one key in a JetStream key-value bucket whose entries live
/// <see cref="ClusterOptions.LeaseTtl"/> past their last write. A node takes it with a create-only write (only one
/// can succeed) and renews it every quarter of the TTL with a write that names the revision it holds (so a node
/// that lost it cannot renew it). A leader that has not renewed for half the TTL ends its term, before the entry can
/// lapse and another node take it, so two nodes never ingest at once. The others try to take it every
/// second; a clean stop deletes it, so the next node takes over at once.
/// </summary>
public sealed partial class IngestLease(ClusterConnection cluster, FeedStatus feed, TimeProvider time, ILogger<IngestLease> logger) : BackgroundService, IIngestLeadership
{
    private static readonly TimeSpan TryEvery = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private TaskCompletionSource<CancellationToken> _term = new(TaskCreationOptions.RunContinuationsAsynchronously);
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "The workers still hold its token when a term ends; a cancelled source holds nothing.")]
    private CancellationTokenSource? _termEnds;
    private volatile string? _leader;
    private long _renewedAt;
    private long _termNumber;

    public string? Leader => _leader;

    public bool IsLeader => _termEnds is { IsCancellationRequested: false } && time.GetElapsedTime(Interlocked.Read(ref _renewedAt)) <= cluster.LeaseTtl / 2;

    /// <summary>The lease's revision when this node took it: JetStream raises it with every write, so a later term has a larger number.</summary>
    public long? Term => Interlocked.Read(ref _termNumber);

    public Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _term.Task.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ulong revision = 0;
        INatsKVStore? bucket = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    bucket ??= await cluster.LeaseBucketAsync(stoppingToken);
                    if (!Holding)
                    {
                        var attemptAt = time.GetTimestamp();
                        if (await TryTakeAsync(bucket, stoppingToken) is { } taken)
                        {
                            revision = taken;
                            Interlocked.Exchange(ref _renewedAt, attemptAt);
                            BeginTerm((long)taken);
                        }
                    }
                    else
                    {
                        var attemptAt = time.GetTimestamp();
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        timeout.CancelAfter(cluster.LeaseTtl / 4);
                        revision = await bucket.UpdateAsync(ClusterNames.LeaseKey, cluster.NodeId, revision, cancellationToken: timeout.Token);
                        if (IsLeader)
                        {
                            Interlocked.Exchange(ref _renewedAt, attemptAt);
                        }
                    }
                }
                catch (NatsKVWrongLastRevisionException) when (Holding)
                {
                    EndTerm(); // another node holds it now: this node lost it (a pause longer than the TTL)
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.LeaseError(logger, ex.Message);
                }

                if (Holding && !IsLeader)
                {
                    EndTerm(); // not renewed for half the TTL (NATS away, or this process was paused): another may take it
                }

                await Task.Delay(Holding ? cluster.LeaseTtl / 4 : TryEvery, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            if (Holding)
            {
                EndTerm();
                await ReleaseAsync(bucket, revision);
            }
        }
    }

    /// <summary>The new revision when this node took the lease; null when another holds it (and then it is named as leader).</summary>
    private async Task<ulong?> TryTakeAsync(INatsKVStore bucket, CancellationToken cancellationToken)
    {
        try
        {
            return await bucket.CreateAsync(ClusterNames.LeaseKey, cluster.NodeId, cancellationToken: cancellationToken);
        }
        catch (NatsKVCreateException)
        {
            var holder = await bucket.TryGetEntryAsync<string>(ClusterNames.LeaseKey, cancellationToken: cancellationToken);
            SetLeader(holder.Success ? holder.Value.Value : null);
            return null;
        }
    }

    /// <summary>A term is running here (it may already have lapsed: see <see cref="IsLeader"/>).</summary>
    private bool Holding => _termEnds is { IsCancellationRequested: false };

    private void BeginTerm(long term)
    {
        Interlocked.Exchange(ref _termNumber, term);
        lock (_gate)
        {
            _termEnds = new CancellationTokenSource();
            _term.TrySetResult(_termEnds.Token);
        }

        SetLeader(cluster.NodeId);
        feed.Mirror(null); // this node's own feed state from now on
        Log.TermBegan(logger, cluster.NodeId, term);
    }

    private void EndTerm()
    {
        lock (_gate)
        {
            _term = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            _termEnds?.Cancel(); // not disposed: the workers still hold its token, and a cancelled source holds nothing
            _termEnds = null;
        }

        SetLeader(null);
        Log.TermEnded(logger, cluster.NodeId);
    }

    private void SetLeader(string? node)
    {
        _leader = node;
        feed.Leader = node;
    }

    /// <summary>A clean stop gives the lease back, so another node need not wait for it to lapse.</summary>
    private async Task ReleaseAsync(INatsKVStore? bucket, ulong revision)
    {
        if (bucket is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await bucket.DeleteAsync(ClusterNames.LeaseKey, new NatsKVDeleteOpts { Revision = revision }, timeout.Token);
        }
#pragma warning disable CA1031 // Giving the lease back is a courtesy on the way out: whatever fails, the lease lapses by itself.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.LeaseError(logger, "giving the lease back: " + ex.Message); // it lapses by itself
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Node {Node} holds the ingest lease (term {Term}): ingesting")]
        public static partial void TermBegan(ILogger logger, string node, long term);

        [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Node {Node} no longer holds the ingest lease: ingest stopped")]
        public static partial void TermEnded(ILogger logger, string node);

        [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "Ingest lease: {Error}")]
        public static partial void LeaseError(ILogger logger, string error);
    }
}
