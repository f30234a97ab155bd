using System.Diagnostics;
using Polly;

namespace AisLive.Server.Storage;

/// <summary>
/// Stores one batch in PostGIS, retried whole (<see cref="DatabaseRetry"/>) until the database takes it, timed and
/// counted: what the journal's flusher and a cluster node's log reader both do with a batch.
/// </summary>
public sealed class BatchStore(StorageBatchWriter writer, DatabaseRetry retry, DatabaseState database, StorageMetrics metrics)
{
    private readonly ResiliencePipeline _retrying = retry.For("Storing a batch of positions", _ => metrics.BatchFailed());

    /// <summary>Returns true when the database had been unreachable until this batch went in.</summary>
    public async Task<bool> StoreAsync(StorageBatch batch, CancellationToken cancellationToken)
    {
        var (inserted, elapsed) = await _retrying.ExecuteAsync(
            async token =>
            {
                var started = Stopwatch.GetTimestamp();
                var rows = await writer.WriteAsync(batch, token);
                return (rows, Stopwatch.GetElapsedTime(started));
            },
            cancellationToken);
        metrics.BatchStored(inserted, elapsed);
        var wasAway = !database.IsReachable;
        database.IsReachable = true;
        return wasAway;
    }
}
