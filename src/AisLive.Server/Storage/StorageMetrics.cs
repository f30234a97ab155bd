using System.Diagnostics.Metrics;
using AisLive.Server.Storage.Journal;

namespace AisLive.Server.Storage;

/// <summary>Storage counters and gauges under the meter <c>AisLive.Storage</c>.</summary>
public sealed class StorageMetrics
{
    private readonly Counter<long> _positionsStored;
    private readonly Counter<long> _batchFailures;
    private readonly Histogram<double> _batchDuration;
    private long _positionsStoredTotal;

    public StorageMetrics(IMeterFactory meterFactory, WriteAheadJournal journal, DatabaseState database)
    {
        var meter = meterFactory.Create("AisLive.Storage");
        _positionsStored = meter.CreateCounter<long>("aislive.storage.positions_stored", description: "Position rows committed (new rows only)");
        _batchFailures = meter.CreateCounter<long>("aislive.storage.batch_failures", description: "Batches that failed and were retried");
        _batchDuration = meter.CreateHistogram<double>("aislive.storage.batch_duration", unit: "ms", description: "Time to store one batch");
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

    public void BatchFailed() => _batchFailures.Add(1);
}
