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
        var records = new StorageBatch();
        records.Positions.AddRange([Position(1, 0), Position(2, 1) with { SpeedKnots = null, Heading = null }]);
        records.Vessels.Add(vessel);

        journal.Append(records);
        var read = new StorageBatch();
        var next = journal.Read(journal.Checkpoint, 10, read);

        read.Positions.ShouldBe(records.Positions);
        read.Vessels.ShouldBe([vessel]);
        next.ShouldBe(journal.Written);
    }

    [Fact]
    public void Reopen_AfterPartialRetire_ReplaysOnlyTheUnretiredRecords()
    {
        using (var journal = new WriteAheadJournal(_directory))
        {
            journal.Append(Positions(0, 10));
            var afterFour = journal.Read(journal.Checkpoint, 4, new StorageBatch());
            journal.Retire(afterFour);
        }

        using var reopened = new WriteAheadJournal(_directory);
        reopened.Append(Positions(10, 2)); // a new run appends to a new segment
        var read = new StorageBatch();
        reopened.Read(reopened.Checkpoint, 100, read);

        read.Positions.Select(r => r.Mmsi).ShouldBe(Enumerable.Range(4, 8));
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
        var read = new StorageBatch();
        reopened.Read(reopened.Checkpoint, 100, read);

        read.Positions.Select(r => r.Mmsi).ShouldBe([0, 1, 2, 3, 100, 101]);
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
        var read = new StorageBatch();
        var next = journal.Read(journal.Checkpoint, 100_000, read);
        journal.Retire(next);

        read.Count.ShouldBe(4000);
        before.ShouldBeGreaterThan(0);
        journal.BacklogBytes.ShouldBe(0);
        Directory.GetFiles(_directory, "*.wal").Length.ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public void Read_ABatchOfManyRecords_ReadsThroughABufferSizedToTheBatch()
    {
        using var journal = new WriteAheadJournal(_directory);
        journal.Append(Positions(0, 30_000)); // 1.8 MB: far more than a 100-record read's buffer
        var read = new StorageBatch();
        var cursor = journal.Checkpoint;

        while (read.Count < 30_000)
        {
            var before = read.Count;
            cursor = journal.Read(cursor, 100, read);
            (read.Count - before).ShouldBe(100); // a full batch each time, records never split or skipped
        }

        read.Positions.Select(r => r.Mmsi).ShouldBe(Enumerable.Range(0, 30_000));
        cursor.ShouldBe(journal.Written);
        journal.CorruptTails.ShouldBe(0);
    }

    [Fact]
    public void Checksum_FlippedBit_IsNotARecord()
    {
        using var stream = new MemoryStream();
        JournalRecordCodec.Write(stream, Position(7, 0));
        var bytes = stream.ToArray();
        bytes[20] ^= 0x10;

        var read = new StorageBatch();
        JournalRecordCodec.TryRead(bytes, read).ShouldBe(0);
        read.Count.ShouldBe(0);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static StorageBatch Positions(int first, int count)
    {
        var batch = new StorageBatch();
        batch.Positions.AddRange(Enumerable.Range(first, count).Select(i => Position(i, i)));
        return batch;
    }

    private static PositionRow Position(int mmsi, int second) =>
        new(mmsi, T0.AddSeconds(second), T0.AddSeconds(second + 1), 3.5 + (second * 0.001), 51.5, 12.5f, 90.1f, 91, 0, -128, 1);
}
