using AisLive.Ais;

namespace AisLive.Server.Pipeline;

/// <summary>
/// A decoded, validated message on its way to storage and the live cache. <see cref="TimestampUtc"/> is when
/// the message was sent (the source's time, else the receive time); <see cref="ReceivedTimestamp"/> is a
/// monotonic stamp for measuring latency through the pipeline.
/// </summary>
public readonly record struct DecodedMessage(AisMessage Message, DateTimeOffset TimestampUtc, DateTimeOffset ReceivedAtUtc, long ReceivedTimestamp);
