namespace AisLive.Server.Pipeline;

/// <summary>
/// One undecoded frame as a source received it: an AISStream JSON frame or an NMEA line.
/// <see cref="TimestampShift"/> lets a replay present an old recording as happening now; <see cref="RecordedAtUtc"/>
/// is when a replayed frame was received originally, the time its own timestamp is checked against.
/// </summary>
public readonly record struct RawFrame(
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset ReceivedAtUtc,
    long ReceivedTimestamp,
    TimeSpan TimestampShift = default,
    DateTimeOffset? RecordedAtUtc = null);
