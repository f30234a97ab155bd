using System.Buffers;

namespace AisLive.Server.Storage.Journal;

/// <summary>Reading the journal back, from the checkpoint, in batches.</summary>
public sealed partial class WriteAheadJournal
{
    /// <summary>
    /// Reads up to <paramref name="maxRecords"/> records from <paramref name="from"/> on into <paramref name="into"/>,
    /// never past what was appended, through a pooled buffer sized to the batch. Returns where the next read
    /// starts. A torn or corrupt tail ends its segment.
    /// </summary>
    public JournalPosition Read(JournalPosition from, int maxRecords, StorageBatch into)
    {
        var position = from;
        var written = Written;
        var wanted = into.Count + maxRecords;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes(maxRecords));
        try
        {
            while (into.Count < wanted && position < written)
            {
                var path = SegmentPath(position.Segment);
                var end = position.Segment == written.Segment ? written.Offset : File.Exists(path) ? new FileInfo(path).Length : 0;
                if (position.Offset >= end)
                {
                    position = new JournalPosition(position.Segment + 1, 0);
                    continue;
                }

                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
                file.Position = position.Offset;
                var chunk = buffer.AsSpan(0, (int)Math.Min(end - position.Offset, buffer.Length));
                var length = file.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
                var offset = 0;
                while (into.Count < wanted && offset < length)
                {
                    var size = JournalRecordCodec.TryRead(buffer.AsSpan(offset, length - offset), into);
                    if (size == 0)
                    {
                        break;
                    }

                    offset += size;
                }

                var reached = position.Offset + offset;
                var readToEnd = position.Offset + length >= end;
                if (offset < length && into.Count < wanted && readToEnd)
                {
                    // Bytes up to the segment's end that are not a whole, valid record: a tail torn by a crash
                    // (or corrupted on disk). Nothing after it in this segment can be trusted; go on with the next.
                    CorruptTails++;
                    position = new JournalPosition(position.Segment + 1, 0);
                }
                else
                {
                    position = reached >= end && position.Segment < written.Segment
                        ? new JournalPosition(position.Segment + 1, 0)
                        : new JournalPosition(position.Segment, reached);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return position;
    }

    /// <summary>Room for a batch of typical records (a position is 61 bytes), never less than one largest record, never more than 4 MiB.</summary>
    private static int BufferBytes(int maxRecords) =>
        (int)Math.Clamp(maxRecords * 96L, JournalRecordCodec.HeaderBytes + JournalRecordCodec.MaxPayloadBytes, 4 * 1024 * 1024);
}
