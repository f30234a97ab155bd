using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using AisLive.Server.Storage.Journal;

namespace AisLive.Server.Storage;

/// <summary>Storage counters and gauges under the meter <c>AisLive.Storage</c>.</summary>
public sealed class StorageMetrics
{
    private readonly Counter<long> _positionsStored;
    private readonly Counter<long> _batchFailures;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _quarantined;
    private readonly Counter<long> _quarantineDropped;
    private readonly Counter<long> _rowsRefused;
    private long _positionsStoredTotal;
    private long _quarantinedTotal;
    private long _quarantineDroppedTotal;
    private long _rowsRefusedTotal;

    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The IMeterFactory owns the meters it creates and disposes them with the container.")]
    public StorageMetrics(IMeterFactory meterFactory, WriteAheadJournal journal, DatabaseState database)
    {
        var meter = meterFactory.Create("AisLive.Storage");
        _positionsStored = meter.CreateCounter<long>("aislive.storage.positions_stored", description: "Position rows committed (new rows only)");
        _batchFailures = meter.CreateCounter<long>("aislive.storage.batch_failures", description: "Batches that failed and were retried");
        _batchDuration = meter.CreateHistogram<double>("aislive.storage.batch_duration", unit: "ms", description: "Time to store one batch");
        _quarantined = meter.CreateCounter<long>("aislive.storage.quarantined", description: "Rejected frames and refused rows stored in rejected_messages");
        _quarantineDropped = meter.CreateCounter<long>("aislive.storage.quarantine_dropped", description: "Rejected frames not kept aside because the quarantine queue was full (still counted as rejected)");
        _rowsRefused = meter.CreateCounter<long>("aislive.storage.rows_refused", description: "Rows the database refused for their content (SQLSTATE class 22 or 23), by kind, each found by splitting its batch");
        meter.CreateObservableGauge("aislive.storage.journal_backlog_bytes", () => journal.BacklogBytes, unit: "By", description: "Journal bytes not yet committed to PostgreSQL");
        meter.CreateObservableGauge("aislive.storage.database_reachable", () => database.IsReachable ? 1 : 0);
    }

    public long PositionsStored => Interlocked.Read(ref _positionsStoredTotal);

    public void BatchStored(int inserted, TimeSpan elapsed)
    {
        Interlocked.Add(ref _positionsStoredTotal, inserted);
        _positionsStored.Add(inserted);
        _batchDuration.Record(elapsed.TotalMilliseconds);
    }

    public long QuarantinedCount => Interlocked.Read(ref _quarantinedTotal);

    public long QuarantineDroppedCount => Interlocked.Read(ref _quarantineDroppedTotal);

    public long RowsRefusedCount => Interlocked.Read(ref _rowsRefusedTotal);

    public void BatchFailed() => _batchFailures.Add(1);

    public void Quarantined(int count)
    {
        Interlocked.Add(ref _quarantinedTotal, count);
        _quarantined.Add(count);
    }

    public void QuarantineDropped()
    {
        Interlocked.Increment(ref _quarantineDroppedTotal);
        _quarantineDropped.Add(1);
    }

    public void RowRefused(string kind, string sqlState)
    {
        Interlocked.Increment(ref _rowsRefusedTotal);
        _rowsRefused.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("sqlstate", sqlState));
    }
}
