using System.Globalization;
using AisLive.Server.Streaming;

namespace AisLive.Server.Storage.Journal;

/// <summary>
/// An append-only journal of storage records in numbered segment files, with a checkpoint naming the first
/// record not yet committed to PostgreSQL. One appender writes; one flusher reads back from the checkpoint
/// and retires what it committed. A new process never appends to an old segment (its tail may be torn by a
/// crash): it starts the next one, and reading resumes from the checkpoint, so un-retired records are
/// replayed. Replaying a committed record is harmless, because the inserts are idempotent.
/// </summary>
public sealed partial class WriteAheadJournal : IDisposable
{
    private const string Extension = ".wal";
    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FileStream? _current;
    private long _currentSegment;
    private JournalPosition _written;
    private JournalPosition _checkpoint;
    private long _backlogBytes;

    public WriteAheadJournal(string directory, long segmentBytes = 64 * 1024 * 1024)
    {
        _directory = Path.GetFullPath(directory);
        _segmentBytes = segmentBytes;
        Directory.CreateDirectory(_directory);
        _checkpoint = ReadCheckpoint();
        var segments = Segments();
        if (segments.Count > 0 && _checkpoint.Segment < segments[0])
        {
            _checkpoint = new JournalPosition(segments[0], 0);
        }

        _backlogBytes = segments.Where(s => s >= _checkpoint.Segment).Sum(s => new FileInfo(SegmentPath(s)).Length) - _checkpoint.Offset;
        _currentSegment = Math.Max(segments.Count > 0 ? segments[^1] + 1 : 1, _checkpoint.Segment + 1);
        _written = new JournalPosition(_currentSegment, 0);
        RecoveredBacklogBytes = _backlogBytes;
    }

    /// <summary>Bytes that were waiting in the journal when it was opened (replayed from a previous run).</summary>
    public long RecoveredBacklogBytes { get; }

    /// <summary>Bytes appended and not yet retired.</summary>
    public long BacklogBytes => Interlocked.Read(ref _backlogBytes);

    /// <summary>The first record not yet committed.</summary>
    public JournalPosition Checkpoint
    {
        get
        {
            lock (_gate)
            {
                return _checkpoint;
            }
        }
    }

    /// <summary>The end of what has been appended and handed to the OS (readable).</summary>
    public JournalPosition Written
    {
        get
        {
            lock (_gate)
            {
                return _written;
            }
        }
    }

    public bool IsCompleted { get; private set; }

    /// <summary>Completes when the appender has finished (see <see cref="Complete"/>).</summary>
    public Task WhenCompleted => _completed.Task;

    /// <summary>Segment tails skipped because they did not hold a whole, valid record.</summary>
    public long CorruptTails { get; private set; }

    /// <summary>Rings after every append (one pending ring at most).</summary>
    public Doorbell Appended { get; } = new();

    /// <summary>Rings after every retire.</summary>
    public Doorbell Retired { get; } = new();

    /// <summary>Appends a batch's records and hands them to the OS (not yet to the disk: see <see cref="Sync"/>).</summary>
    public void Append(StorageBatch batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var stream = CurrentStream();
        var before = stream.Position;
        foreach (var position in batch.Positions)
        {
            JournalRecordCodec.Write(stream, position);
        }

        foreach (var vessel in batch.Vessels)
        {
            JournalRecordCodec.Write(stream, vessel);
        }

        foreach (var message in batch.Messages)
        {
            JournalRecordCodec.Write(stream, message);
        }

        stream.Flush(flushToDisk: false);
        Interlocked.Add(ref _backlogBytes, stream.Position - before);
        lock (_gate)
        {
            _written = new JournalPosition(_currentSegment, stream.Position);
        }

        if (stream.Position >= _segmentBytes)
        {
            Roll();
        }

        Appended.Ring();
    }

    /// <summary>fsync: what was appended survives a power cut from here on.</summary>
    public void Sync() => _current?.Flush(flushToDisk: true);

    /// <summary>No more appends will come (the appender has drained its channel and synced).</summary>
    public void Complete()
    {
        Sync();
        IsCompleted = true;
        Appended.Ring();
        _completed.TrySetResult();
    }

    /// <summary>Everything before <paramref name="upTo"/> is committed: move the checkpoint and delete finished segments.</summary>
    public void Retire(JournalPosition upTo)
    {
        JournalPosition previous;
        lock (_gate)
        {
            previous = _checkpoint;
            if (upTo <= previous)
            {
                return;
            }

            _checkpoint = upTo;
        }

        Interlocked.Add(ref _backlogBytes, -BytesBetween(previous, upTo));
        WriteCheckpoint(upTo);
        foreach (var segment in Segments().Where(s => s < upTo.Segment))
        {
            File.Delete(SegmentPath(segment));
        }

        Retired.Ring();
    }

    public void Dispose()
    {
        _current?.Flush(flushToDisk: true);
        _current?.Dispose();
    }

    private long BytesBetween(JournalPosition from, JournalPosition to)
    {
        if (from.Segment == to.Segment)
        {
            return to.Offset - from.Offset;
        }

        var total = SegmentLength(from.Segment) - from.Offset + to.Offset;
        for (var segment = from.Segment + 1; segment < to.Segment; segment++)
        {
            total += SegmentLength(segment);
        }

        return total;
    }

    private long SegmentLength(long segment)
    {
        var path = SegmentPath(segment);
        return File.Exists(path) ? new FileInfo(path).Length : 0;
    }

    private FileStream CurrentStream() =>
        _current ??= new FileStream(SegmentPath(_currentSegment), FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 64 * 1024);

    private void Roll()
    {
        _current!.Flush(flushToDisk: true);
        _current.Dispose();
        _current = null;
        lock (_gate)
        {
            _currentSegment++;
            _written = new JournalPosition(_currentSegment, 0);
        }
    }

    private List<long> Segments() =>
        Directory.EnumerateFiles(_directory, "*" + Extension)
            .Select(p => long.TryParse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n >= 0)
            .Order()
            .ToList();

    private string SegmentPath(long segment) => Path.Combine(_directory, segment.ToString("D12", CultureInfo.InvariantCulture) + Extension);

    private JournalPosition ReadCheckpoint()
    {
        var path = Path.Combine(_directory, "checkpoint");
        if (File.Exists(path) && File.ReadAllText(path).Split(' ') is [var segment, var offset]
            && long.TryParse(segment, CultureInfo.InvariantCulture, out var s) && long.TryParse(offset, CultureInfo.InvariantCulture, out var o))
        {
            return new JournalPosition(s, o);
        }

        return new JournalPosition(0, 0);
    }

    // Written to a temporary file and renamed, so a crash leaves the old checkpoint or the new one, never half.
    // Not fsynced: a checkpoint that lags after a power cut only replays committed records, which is harmless.
    private void WriteCheckpoint(JournalPosition position)
    {
        var temporary = Path.Combine(_directory, "checkpoint.tmp");
        File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{position.Segment} {position.Offset}"));
        File.Move(temporary, Path.Combine(_directory, "checkpoint"), overwrite: true);
    }
}
