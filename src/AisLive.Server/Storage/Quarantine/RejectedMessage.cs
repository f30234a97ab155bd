namespace AisLive.Server.Storage.Quarantine;

/// <summary>
/// One row of <c>rejected_messages</c>. <see cref="Stage"/> says where it was refused: <c>decode</c> (not AIS),
/// <c>validate</c> (a range check or a clock off), <c>storage</c> (the database refused the row for its content).
/// <see cref="Source"/> is the frame's format (<c>aisstream-json</c>, <c>nmea</c>) or, for a refused row, where
/// storage read it (<c>journal</c>, <c>cluster-log</c>).
/// </summary>
public sealed record RejectedMessage(
    DateTimeOffset RejectedAt,
    DateTimeOffset? ReceivedAt,
    string Source,
    string Stage,
    string Reason,
    int? Mmsi,
    ReadOnlyMemory<byte> Raw)
{
    public long Id { get; init; }
}
