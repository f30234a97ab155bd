using AisLive.Ais;
using AisLive.Ais.AisStream;
using AisLive.Ais.Nmea;
using AisLive.Server.Hosting;

namespace AisLive.Server.Pipeline;

/// <summary>
/// Decodes raw frames off the source channel and hands every valid message to the lossless sinks (awaited: alert
/// evaluation never misses a fix) and to its route (<see cref="IMessageRoute"/>: this process's writer and live
/// channels, or a cluster's log). When the source completes, the route and every sink are completed so
/// consumers drain and stop.
/// </summary>
public sealed partial class DecodeWorker(
    PipelineChannels channels,
    IMessageRoute route,
    IEnumerable<IDecodedMessageSink> sinks,
    PipelineMetrics metrics,
    TimeProvider time,
    ILogger<DecodeWorker> logger) : DrainOnStop
{
    private readonly NmeaDecoder _nmea = new(timeProvider: time);
    private readonly IDecodedMessageSink[] _sinks = [.. sinks];

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
            if (logger.IsEnabled(LogLevel.Debug))
            {
                Log.Undecodable(logger, error.Describe(), System.Text.Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, 200)]));
            }

            return false;
        }

        if (MessageValidator.Validate(ref message) is { } reason)
        {
            metrics.Reject(reason);
            return false;
        }

        metrics.MessageIn(message.MessageType);
        var timestamp = (message.TimestampUtc ?? frame.ReceivedAtUtc) + frame.TimestampShift;
        decoded = new DecodedMessage(message, timestamp, frame.ReceivedAtUtc, frame.ReceivedTimestamp);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Skipped a frame that did not decode ({Reason}): {Sample}")]
        public static partial void Undecodable(ILogger logger, string reason, string sample);
    }
}
