using System.Threading.Channels;
using AisLive.Server.Pipeline;

namespace AisLive.Server.Storage.Quarantine;

/// <summary>
/// The decoder's <see cref="IQuarantine"/>: rejected frames wait here for <see cref="QuarantineWorker"/>, which
/// stores them in <c>rejected_messages</c>.
/// </summary>
public sealed class FrameQuarantine : IQuarantine
{
    /// <summary>A frame kept aside is cut to this many bytes (AISStream frames are a few KB; a 1 MB one is not AIS).</summary>
    public const int MaxRawBytes = 8 * 1024;

    private readonly StorageMetrics _metrics;
    private readonly TimeProvider _time;

    public FrameQuarantine(StorageMetrics metrics, TimeProvider time)
    {
        _metrics = metrics;
        _time = time;

        // Decoder -> quarantine: DropWrite. Keeping bad input aside is for looking at it later; it must never hold
        // up ingest, so a flood of garbage (or a database outage while it lasts) keeps the first 10,000 and counts
        // the rest as dropped.
        Pending = Channel.CreateBounded<RejectedMessage>(
            new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true, SingleWriter = true },
            _ => _metrics.QuarantineDropped());
    }

    public Channel<RejectedMessage> Pending { get; }

    public void Reject(in RawFrame frame, string stage, string reason, uint? mmsi)
    {
        var payload = frame.Payload.Span;
        var source = payload.Length > 0 && payload[0] == (byte)'{' ? "aisstream-json" : "nmea";
        var raw = payload[..Math.Min(payload.Length, MaxRawBytes)].ToArray();
        Pending.Writer.TryWrite(new RejectedMessage(_time.GetUtcNow(), frame.ReceivedAtUtc, source, stage, reason, mmsi is { } m ? (int)m : null, raw));
    }

    public void Complete() => Pending.Writer.TryComplete();
}
