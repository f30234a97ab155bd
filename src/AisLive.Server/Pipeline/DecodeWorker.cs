using AisLive.Ais;
using AisLive.Ais.AisStream;
using AisLive.Ais.Nmea;
using AisLive.Server.Workers;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Pipeline;

/// <summary>
/// Decodes raw frames off the source channel and hands every valid message to the lossless sinks (awaited: alert
/// evaluation never misses a fix) and to its route (<see cref="IMessageRoute"/>: this process's writer and live
/// channels, or a cluster's log). What it will not pass on (not AIS, a value or a clock it does not believe) is
/// counted and kept aside (<see cref="IQuarantine"/>). When the source completes, the route, every sink and the
/// quarantine are completed so consumers drain and stop.
/// </summary>
public sealed partial class DecodeWorker(
    PipelineChannels channels,
    IMessageRoute route,
    IEnumerable<IDecodedMessageSink> sinks,
    IQuarantine quarantine,
    PipelineMetrics metrics,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<DecodeWorker> logger) : DrainOnStop
{
    private readonly NmeaDecoder _nmea = new(timeProvider: time);
    private readonly IDecodedMessageSink[] _sinks = [.. sinks];
    private readonly Action<string> _fieldNulled = metrics.FieldNulled;
    private readonly TimeSpan _maxFutureSkew = options.Value.MaxFutureSkew;
    private readonly TimeSpan _maxAge = options.Value.MaxAge;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var frame in channels.Raw.Reader.ReadAllAsync(stoppingToken))
            {
                if (Decode(frame, out var decoded))
                {
                    foreach (var sink in _sinks)
                    {
                        await sink.OfferAsync(decoded, stoppingToken);
                    }

                    await route.RouteAsync(decoded, stoppingToken);
                }
            }
        }
        finally
        {
            route.Complete();
            foreach (var sink in _sinks)
            {
                sink.Complete();
            }

            quarantine.Complete();
        }
    }

    private bool Decode(in RawFrame frame, out DecodedMessage decoded)
    {
        decoded = default;
        var payload = frame.Payload.Span;
        AisMessage message;
        DecodeError error;
        if (payload.Length > 0 && payload[0] == (byte)'{')
        {
            var result = AisStreamDecoder.Decode(payload);
            if (result.Status == DecodeStatus.Control)
            {
                return false; // the source acts on control frames itself
            }

            (message, error) = (result.Message, result.Error);
        }
        else
        {
            var status = _nmea.Decode(payload, out message, out error);
            if (status == DecodeStatus.Pending)
            {
                return false;
            }
        }

        if (error != DecodeError.None)
        {
            metrics.DecodeError(error);
            if (error != DecodeError.NotAis)
            {
                quarantine.Reject(frame, "decode", error.MetricName(), null); // other NMEA sentences ($GPGGA, $PGHP) are counted, not kept
            }
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var sample = System.Text.Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, 200)]);
#pragma warning disable CA1873 // Guarded by IsEnabled just above: described only when debug logging is on.
                Log.Undecodable(logger, error.Describe(), sample);
#pragma warning restore CA1873
            }

            return false;
        }

        if (message.TextCleaned)
        {
            metrics.TextCleaned();
        }

        if ((MessageValidator.Validate(ref message, _fieldNulled) ?? CheckClock(message, frame)) is { } reason)
        {
            metrics.Reject(reason);
            quarantine.Reject(frame, "validate", reason, message.Mmsi.IsValid ? message.Mmsi.Value : null);
            return false;
        }

        metrics.MessageIn(message.MessageType);
        var timestamp = (message.TimestampUtc ?? frame.ReceivedAtUtc) + frame.TimestampShift;
        decoded = new DecodedMessage(message, timestamp, frame.ReceivedAtUtc, frame.ReceivedTimestamp);
        return true;
    }

    /// <summary>
    /// A report's own time against when it was received (for a replay, when it was received originally). One stamped
    /// ahead would freeze the vessel's live state until the clock catches up, and "newer wins" would then ignore every
    /// real report; one stamped far back would move the vessel to where it once was and land in a partition long
    /// pruned. Neither is restamped: a bad clock can also be an old fix sent again, and a position at the wrong time
    /// is worse than none. Both are kept aside with the frame, and the vessel follows its next good report.
    /// </summary>
    private string? CheckClock(in AisMessage message, in RawFrame frame)
    {
        if (message.TimestampUtc is not { } sent)
        {
            return null; // stamped with its receive time
        }

        var reference = frame.RecordedAtUtc ?? frame.ReceivedAtUtc;
        return sent - reference > _maxFutureSkew ? "timestamp_in_future"
            : reference - sent > _maxAge ? "timestamp_too_old"
            : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Skipped a frame that did not decode ({Reason}): {Sample}")]
        public static partial void Undecodable(ILogger logger, string reason, string sample);
    }
}
