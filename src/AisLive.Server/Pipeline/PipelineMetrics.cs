using System.Diagnostics.Metrics;
using AisLive.Ais;

namespace AisLive.Server.Pipeline;

/// <summary>Counters and gauges of the ingest pipeline, under the meter <c>AisLive.Pipeline</c>.</summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "AisLive.Pipeline";

    // Boxed once: a tag built per message would allocate on the hottest path of the service.
    private static readonly object[] MessageTypeTags = [.. Enumerable.Range(0, 64).Select(i => (object)i)];

    private readonly Counter<long> _messagesIn;
    private readonly Counter<long> _decodeErrors;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _liveDropped;
    private readonly Counter<long> _fieldsNulled;
    private readonly Counter<long> _textCleaned;
    private readonly Histogram<double> _receiveToCache;
    private readonly Meter _meter;
    private long _messagesInTotal;
    private long _decodeErrorsTotal;
    private long _rejectedTotal;
    private long _liveDroppedTotal;
    private long _fieldsNulledTotal;
    private long _textCleanedTotal;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _byReason = new();

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _messagesIn = _meter.CreateCounter<long>("aislive.pipeline.messages_in", description: "AIS messages decoded");
        _decodeErrors = _meter.CreateCounter<long>("aislive.pipeline.decode_errors", description: "Frames or lines that did not decode, by kind");
        _rejected = _meter.CreateCounter<long>("aislive.pipeline.rejected", description: "Decoded messages rejected by range checks, by reason");
        _fieldsNulled = _meter.CreateCounter<long>("aislive.pipeline.fields_nulled", description: "Fields out of range dropped to null (the rest of the message kept), by reason");
        _textCleaned = _meter.CreateCounter<long>("aislive.pipeline.text_cleaned", description: "Messages whose text had control characters removed or was cut to its AIS width");
        _liveDropped = _meter.CreateCounter<long>("aislive.pipeline.live_dropped", description: "Updates dropped because the live cache fell behind");
        _receiveToCache = _meter.CreateHistogram<double>("aislive.pipeline.receive_to_cache", unit: "ms", description: "Time from receive to the live cache");
    }

    public long MessagesIn => Interlocked.Read(ref _messagesInTotal);

    public long DecodeErrors => Interlocked.Read(ref _decodeErrorsTotal);

    public long Rejected => Interlocked.Read(ref _rejectedTotal);

    public long LiveDroppedCount => Interlocked.Read(ref _liveDroppedTotal);

    public long FieldsNulled => Interlocked.Read(ref _fieldsNulledTotal);

    public long TextCleanedCount => Interlocked.Read(ref _textCleanedTotal);

    /// <summary>Decode errors, rejections and nulled fields so far, by reason (the tag of their counters).</summary>
    public IReadOnlyDictionary<string, long> ByReason => new SortedDictionary<string, long>(_byReason, StringComparer.Ordinal);

    public void MessageIn(int messageType)
    {
        Interlocked.Increment(ref _messagesInTotal);
        _messagesIn.Add(1, new KeyValuePair<string, object?>("type", MessageTypeTags[messageType & 63]));
    }

    public void DecodeError(DecodeError error)
    {
        Interlocked.Increment(ref _decodeErrorsTotal);
        _byReason.AddOrUpdate(error.MetricName(), 1, static (_, n) => n + 1);
        _decodeErrors.Add(1, new KeyValuePair<string, object?>("kind", error.MetricName()));
    }

    public void Reject(string reason)
    {
        Interlocked.Increment(ref _rejectedTotal);
        _byReason.AddOrUpdate(reason, 1, static (_, n) => n + 1);
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void FieldNulled(string reason)
    {
        Interlocked.Increment(ref _fieldsNulledTotal);
        _byReason.AddOrUpdate(reason, 1, static (_, n) => n + 1);
        _fieldsNulled.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void TextCleaned()
    {
        Interlocked.Increment(ref _textCleanedTotal);
        _textCleaned.Add(1);
    }

    public void LiveDropped()
    {
        Interlocked.Increment(ref _liveDroppedTotal);
        _liveDropped.Add(1);
    }

    public void ReceiveToCache(TimeSpan elapsed) => _receiveToCache.Record(elapsed.TotalMilliseconds);

    public void ObserveDepths(PipelineChannels channels)
    {
        _meter.CreateObservableGauge("aislive.pipeline.raw_depth", () => channels.Raw.Reader.Count);
        _meter.CreateObservableGauge("aislive.pipeline.writer_depth", () => channels.Writer.Reader.Count);
        _meter.CreateObservableGauge("aislive.pipeline.live_depth", () => channels.Live.Reader.Count);
    }
}
