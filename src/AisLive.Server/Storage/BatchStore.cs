using System.Diagnostics;
using System.Text.Json;
using AisLive.Server.Storage.Quarantine;
using Npgsql;
using Polly;

namespace AisLive.Server.Storage;

/// <summary>
/// Stores one batch in PostGIS, retried whole (<see cref="DatabaseRetry"/>) while the database is away, timed and
/// counted: what the journal's flusher and a cluster node's log reader both do with a batch. A batch the database
/// refuses for a row's content (SQLSTATE class 22 or 23: a NUL in a text, a value out of a column's range) is no
/// outage and is not retried as one: it is split in halves, and halves again, until the refused rows stand alone;
/// those go to <c>rejected_messages</c> and everything else is stored, so one bad row costs about 2·log2(batch)
/// extra transactions and never stops storage.
/// </summary>
public sealed partial class BatchStore(
    StorageBatchWriter writer,
    RejectedMessageStore rejected,
    DatabaseRetry retry,
    DatabaseState database,
    StorageMetrics metrics,
    TimeProvider time,
    ILogger<BatchStore> logger)
{
    private readonly ResiliencePipeline _retrying = retry.For("Storing a batch of positions", _ => metrics.BatchFailed());

    /// <summary>Returns true when the database had been unreachable until this batch went in.</summary>
    /// <param name="source">Where the batch was read (<c>journal</c>, <c>cluster-log</c>), for refused rows.</param>
    public async Task<bool> StoreAsync(StorageBatch batch, string source, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        int inserted;
        try
        {
            inserted = await WriteAsync(batch, cancellationToken);
        }
        catch (PostgresException ex) when (DatabaseRetry.IsRowFault(ex))
        {
            Log.Splitting(logger, batch.Count, ex.SqlState, ex.MessageText);
            inserted = await StoreSplitAsync(batch, 0, batch.Count, source, cancellationToken);
        }

        metrics.BatchStored(inserted, Stopwatch.GetElapsedTime(started));
        var wasAway = !database.IsReachable;
        database.IsReachable = true;
        return wasAway;
    }

    private async Task<int> WriteAsync(StorageBatch batch, CancellationToken cancellationToken) =>
        await _retrying.ExecuteAsync(async token => await writer.WriteAsync(batch, token), cancellationToken);

    /// <summary>Stores records [start, start + count) of the batch (its positions, then its vessels), splitting around refused rows.</summary>
    private async Task<int> StoreSplitAsync(StorageBatch batch, int start, int count, string source, CancellationToken cancellationToken)
    {
        var part = Slice(batch, start, count);
        try
        {
            return await WriteAsync(part, cancellationToken);
        }
        catch (PostgresException ex) when (DatabaseRetry.IsRowFault(ex))
        {
            if (count == 1)
            {
                await QuarantineAsync(part, source, ex, cancellationToken);
                return 0;
            }

            var half = count / 2;
            return await StoreSplitAsync(batch, start, half, source, cancellationToken)
                + await StoreSplitAsync(batch, start + half, count - half, source, cancellationToken);
        }
    }

    private static StorageBatch Slice(StorageBatch batch, int start, int count)
    {
        var part = new StorageBatch(count);
        var positions = batch.Positions.Count;
        for (var i = start; i < start + count; i++)
        {
            if (i < positions)
            {
                part.Positions.Add(batch.Positions[i]);
            }
            else
            {
                part.Vessels.Add(batch.Vessels[i - positions]);
            }
        }

        return part;
    }

    private async Task QuarantineAsync(StorageBatch single, string source, PostgresException refusal, CancellationToken cancellationToken)
    {
        var (kind, mmsi, raw, receivedAt) = single.Positions is [var position]
            ? ("position", position.Mmsi, JsonSerializer.SerializeToUtf8Bytes(position), (DateTimeOffset?)position.ReceivedAt)
            : ("vessel", single.Vessels[0].Mmsi, JsonSerializer.SerializeToUtf8Bytes(single.Vessels[0]), null);
        var reason = $"{refusal.SqlState}: {refusal.MessageText}";
        var row = new RejectedMessage(time.GetUtcNow(), receivedAt, source, "storage", reason, mmsi, raw);
        await _retrying.ExecuteAsync(async token => await rejected.InsertAsync([row], token), cancellationToken);
        metrics.RowRefused(kind, refusal.SqlState);
        metrics.Quarantined(1);
        Log.Refused(logger, kind, mmsi, refusal.SqlState, refusal.MessageText);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "The database refused a row of a batch of {Count} ({SqlState}: {Error}); splitting the batch to find it")]
        public static partial void Splitting(ILogger logger, int count, string sqlState, string error);

        [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Kept aside a {Kind} row of MMSI {Mmsi} that the database refused ({SqlState}: {Error}); see GET /api/rejected")]
        public static partial void Refused(ILogger logger, string kind, int mmsi, string sqlState, string error);
    }
}
