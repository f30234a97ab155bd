using AisLive.Server.Storage;
using AisLive.Server.Storage.Journal;

namespace AisLive.Server.Tests.Storage;

public sealed class WriteAheadJournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"aislive-wal-{Guid.NewGuid():N}");

    [Fact]
    public void AppendThenRead_ReturnsRecordsInOrderWithEveryField()
    {
        using var journal = new WriteAheadJournal(_directory);
        var vessel = new VesselRow(244000001, T0, "NAME", null, 9100000, 70, 100, 20, 8, null, "ROTTERDAM", T0.AddHours(5), 7.5f);
        var records = new List<object> { Position(1, 0), vessel, Position(2, 1) with { SpeedKnots = null, Heading = null } };

        journal.Append(records);
        var (read, next) = journal.Read(journal.Checkpoint, 10);

        read.ShouldBe(records);
        next.ShouldBe(journal.Written);
    }

    [Fact]
    public void Reopen_AfterPartialRetire_ReplaysOnlyTheUnretiredRecords()
    {
        using (var journal = new WriteAheadJournal(_directory))
        {
            journal.Append(Positions(0, 10));
            var (_, afterFour) = journal.Read(journal.Checkpoint, 4);
            journal.Retire(afterFour);
        }

        using var reopened = new WriteAheadJournal(_directory);
        reopened.Append(Positions(10, 2)); // a new run appends to a new segment
        var (read, _) = reopened.Read(reopened.Checkpoint, 100);

        read.Cast<PositionRow>().Select(r => r.Mmsi).ShouldBe(Enumerable.Range(4, 8));
        reopened.RecoveredBacklogBytes.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Read_TornTailFromACrash_SkipsToTheNextSegmentWithoutInventingRecords()
    {
        using (var journal = new WriteAheadJournal(_directory))
        {
            journal.Append(Positions(0, 5));
        }

        var segment = Directory.GetFiles(_directory, "*.wal").Single();
        var bytes = File.ReadAllBytes(segment);
        File.WriteAllBytes(segment, bytes[..^7]); // the last record is cut short, as a kill -9 mid-write would

        using var reopened = new WriteAheadJournal(_directory);
        reopened.Append(Positions(100, 2));
        var (read, _) = reopened.Read(reopened.Checkpoint, 100);

        read.Cast<PositionRow>().Select(r => r.Mmsi).ShouldBe([0, 1, 2, 3, 100, 101]);
        reopened.CorruptTails.ShouldBe(1);
    }

    [Fact]
    public void Retire_PastFullSegments_DeletesThemAndShrinksTheBacklog()
    {
        using var journal = new WriteAheadJournal(_directory, segmentBytes: 64 * 1024);
        for (var i = 0; i < 20; i++)
        {
            journal.Append(Positions(i * 200, 200));
        }

        Directory.GetFiles(_directory, "*.wal").Length.ShouldBeGreaterThan(3);
        var before = journal.BacklogBytes;
        var (read, next) = journal.Read(journal.Checkpoint, 100_000);
        journal.Retire(next);

        read.Count.ShouldBe(4000);
        before.ShouldBeGreaterThan(0);
        journal.BacklogBytes.ShouldBe(0);
        Directory.GetFiles(_directory, "*.wal").Length.ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public void Checksum_FlippedBit_IsNotARecord()
    {
        using var stream = new MemoryStream();
        JournalRecordCodec.Write(stream, Position(7, 0));
        var bytes = stream.ToArray();
        bytes[20] ^= 0x10;

        JournalRecordCodec.TryRead(bytes, out var record).ShouldBe(0);
        record.ShouldBeNull();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static List<object> Positions(int first, int count) => [.. Enumerable.Range(first, count).Select(i => (object)Position(i, i))];

    private static PositionRow Position(int mmsi, int second) =>
        new(mmsi, T0.AddSeconds(second), T0.AddSeconds(second + 1), 3.5 + (second * 0.001), 51.5, 12.5f, 90.1f, 91, 0, -128, 1);
}
