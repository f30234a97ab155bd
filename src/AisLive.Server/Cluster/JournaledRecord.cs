using System.Buffers.Binary;
using System.Text;
using AisLive.Server.Pipeline;
using AisLive.Server.Storage;
using AisLive.Server.Storage.Journal;

namespace AisLive.Server.Cluster;

/// <summary>
/// A message as a cluster node's journal keeps it until the cluster's log has it: <c>[term: i64][id length: u8][id]
/// [log record]</c>. The term is the one the node was in when it decoded the message (the log refuses nothing, but
/// every node's live state skips a former term's records: see <see cref="LogFollowerWorker"/>); the id is the log's
/// de-duplication id; the record is exactly what the log carries (<see cref="LogRecord"/>).
/// </summary>
public readonly record struct JournaledRecord(long Term, string Id, ReadOnlyMemory<byte> Body)
{
    public static byte[] Encode(long term, in DecodedMessage decoded)
    {
        var id = LogRecord.MessageId(decoded);
        var body = LogRecord.Encode(decoded);
        var idBytes = Encoding.ASCII.GetByteCount(id);
        var bytes = new byte[8 + 1 + idBytes + body.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, term);
        bytes[8] = (byte)idBytes;
        Encoding.ASCII.GetBytes(id, bytes.AsSpan(9));
        body.CopyTo(bytes.AsSpan(9 + idBytes));
        return bytes;
    }

    /// <summary>Null for bytes that are not a journaled record (the journal's checksum makes that a newer version's).</summary>
    public static JournaledRecord? TryDecode(byte[] bytes)
    {
        if (bytes.Length < 9 || bytes.Length < 9 + bytes[8])
        {
            return null;
        }

        var idBytes = bytes[8];
        return new JournaledRecord(BinaryPrimitives.ReadInt64LittleEndian(bytes), Encoding.ASCII.GetString(bytes, 9, idBytes), bytes.AsMemory(9 + idBytes));
    }
}

/// <summary>A cluster node's journal content: the whole message, stamped with the term it was decoded in.</summary>
public sealed class JournaledRecords(IngestLease lease) : IJournalContent
{
    public void Add(in DecodedMessage decoded, StorageBatch into) => into.Messages.Add(JournaledRecord.Encode(lease.Term ?? 0, decoded));
}
