using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace AisLive.Server.Storage.Journal;

/// <summary>
/// The journal's record format: <c>[payload length: u32][CRC-32C of payload: u32][payload]</c>, little-endian.
/// The payload's first byte says what it holds: 1 = a position row, 2 = a vessel row, 3 = a whole message as a
/// cluster's log carries it (opaque here). A length or checksum that does not add up marks a torn or corrupt tail,
/// never a record.
/// </summary>
public static class JournalRecordCodec
{
    public const int HeaderBytes = 8;

    /// <summary>The largest payload of any kind (a message record; rows are far smaller).</summary>
    public const int MaxPayloadBytes = 64 * 1024;
    private const int MaxRowBytes = 4096;
    private const byte PositionKind = 1;
    private const byte VesselKind = 2;
    private const byte MessageKind = 3;

    public static void Write(Stream output, in PositionRow position)
    {
        Span<byte> buffer = stackalloc byte[HeaderBytes + MaxRowBytes];
        Frame(output, buffer, WritePosition(buffer[HeaderBytes..], position));
    }

    public static void Write(Stream output, VesselRow vessel)
    {
        Span<byte> buffer = stackalloc byte[HeaderBytes + MaxRowBytes];
        Frame(output, buffer, WriteVessel(buffer[HeaderBytes..], vessel));
    }

    /// <summary>A message record: its bytes as they are, after the kind byte.</summary>
    public static void Write(Stream output, byte[] message)
    {
        if (message.Length + 1 > MaxPayloadBytes)
        {
            throw new ArgumentException($"a journal message record holds at most {MaxPayloadBytes - 1} bytes, not {message.Length}", nameof(message));
        }

        Span<byte> header = stackalloc byte[HeaderBytes + 1];
        header[HeaderBytes] = MessageKind;
        var crc = Checksum(message, Extend(0xFFFF_FFFFu, header[HeaderBytes..]));
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(message.Length + 1));
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], crc);
        output.Write(header);
        output.Write(message);
    }

    /// <summary>
    /// Reads one record at the start of <paramref name="data"/> into <paramref name="into"/>: its size in bytes, or
    /// 0 (adding nothing) when no complete, valid record is there.
    /// </summary>
    public static int TryRead(ReadOnlySpan<byte> data, StorageBatch into)
    {
        if (data.Length < HeaderBytes)
        {
            return 0;
        }

        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (length is <= 0 or > MaxPayloadBytes || data.Length < HeaderBytes + length)
        {
            return 0;
        }

        var payload = data.Slice(HeaderBytes, length);
        if (BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) != Checksum(payload))
        {
            return 0;
        }

        try
        {
            switch (payload[0])
            {
                case PositionKind:
                    into.Positions.Add(ReadPosition(payload[1..]));
                    break;
                case VesselKind:
                    into.Vessels.Add(ReadVessel(payload[1..]));
                    break;
                case MessageKind:
                    into.Messages.Add(payload[1..].ToArray());
                    break;
                default:
                    return 0;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            return 0; // a checksum collision on garbage: still not a record
        }

        return HeaderBytes + length;
    }

    private static void Frame(Stream output, Span<byte> buffer, int length)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[4..], Checksum(buffer.Slice(HeaderBytes, length)));
        output.Write(buffer[..(HeaderBytes + length)]);
    }

    public static uint Checksum(ReadOnlySpan<byte> data) => Checksum(data, 0xFFFF_FFFFu);

    /// <summary>CRC-32C of what <paramref name="running"/> covers followed by <paramref name="data"/>.</summary>
    private static uint Checksum(ReadOnlySpan<byte> data, uint running) => ~Extend(running, data);

    private static uint Extend(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    private static int WritePosition(Span<byte> payload, in PositionRow row)
    {
        var w = new SpanWriter(payload);
        w.Byte(PositionKind);
        w.Int(row.Mmsi);
        w.Long(row.Timestamp.UtcTicks);
        w.Long(row.ReceivedAt.UtcTicks);
        w.Double(row.Longitude);
        w.Double(row.Latitude);
        w.Float(row.SpeedKnots ?? float.NaN);
        w.Float(row.CourseDegrees ?? float.NaN);
        w.Short(row.Heading ?? short.MinValue);
        w.Short(row.NavigationStatus ?? short.MinValue);
        w.Short(row.RateOfTurnRaw ?? short.MinValue);
        w.Short(row.MessageType);
        return w.Written;
    }

    private static PositionRow ReadPosition(ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        return new PositionRow(
            r.Int(),
            new DateTimeOffset(r.Long(), TimeSpan.Zero),
            new DateTimeOffset(r.Long(), TimeSpan.Zero),
            r.Double(),
            r.Double(),
            NullIfNaN(r.Float()),
            NullIfNaN(r.Float()),
            NullIfMin(r.Short()),
            NullIfMin(r.Short()),
            NullIfMin(r.Short()),
            r.Short());
    }

    private static int WriteVessel(Span<byte> payload, VesselRow row)
    {
        var w = new SpanWriter(payload);
        w.Byte(VesselKind);
        w.Int(row.Mmsi);
        w.Long(row.UpdatedAt.UtcTicks);
        w.Text(row.Name);
        w.Text(row.Callsign);
        w.Int(row.Imo ?? int.MinValue);
        w.Short(row.ShipType ?? short.MinValue);
        w.Short(row.ToBow ?? short.MinValue);
        w.Short(row.ToStern ?? short.MinValue);
        w.Short(row.ToPort ?? short.MinValue);
        w.Short(row.ToStarboard ?? short.MinValue);
        w.Text(row.Destination);
        w.Long(row.Eta?.UtcTicks ?? 0);
        w.Float(row.Draught ?? float.NaN);
        return w.Written;
    }

    private static VesselRow ReadVessel(ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        var mmsi = r.Int();
        var updated = new DateTimeOffset(r.Long(), TimeSpan.Zero);
        var name = r.Text();
        var callsign = r.Text();
        var imo = r.Int();
        var shipType = NullIfMin(r.Short());
        var (bow, stern, port, starboard) = (NullIfMin(r.Short()), NullIfMin(r.Short()), NullIfMin(r.Short()), NullIfMin(r.Short()));
        var destination = r.Text();
        var eta = r.Long();
        return new VesselRow(mmsi, updated, name, callsign, imo == int.MinValue ? null : imo, shipType, bow, stern, port, starboard, destination,
            eta == 0 ? null : new DateTimeOffset(eta, TimeSpan.Zero), NullIfNaN(r.Float()));
    }

    private static float? NullIfNaN(float value) => float.IsNaN(value) ? null : value;

    private static short? NullIfMin(short value) => value == short.MinValue ? null : value;

    private ref struct SpanWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Written { get; private set; }

        public void Byte(byte value) => _buffer[Written++] = value;

        public void Short(short value) => Advance(2, BinaryPrimitives.TryWriteInt16LittleEndian(_buffer[Written..], value));

        public void Int(int value) => Advance(4, BinaryPrimitives.TryWriteInt32LittleEndian(_buffer[Written..], value));

        public void Long(long value) => Advance(8, BinaryPrimitives.TryWriteInt64LittleEndian(_buffer[Written..], value));

        public void Float(float value) => Advance(4, BinaryPrimitives.TryWriteSingleLittleEndian(_buffer[Written..], value));

        public void Double(double value) => Advance(8, BinaryPrimitives.TryWriteDoubleLittleEndian(_buffer[Written..], value));

        public void Text(string? value)
        {
            if (value is null)
            {
                Short(-1);
                return;
            }

            var length = Encoding.UTF8.GetBytes(value.AsSpan(0, Math.Min(value.Length, 256)), _buffer[(Written + 2)..]);
            Short((short)length);
            Written += length;
        }

        private void Advance(int bytes, bool ok) => Written += ok ? bytes : throw new InvalidOperationException("journal record too large");
    }

    private ref struct SpanReader(ReadOnlySpan<byte> buffer)
    {
        private readonly ReadOnlySpan<byte> _buffer = buffer;
        private int _read;

        public short Short() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

        public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public float Float() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

        public string? Text()
        {
            var length = Short();
            return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            var slice = _buffer.Slice(_read, count);
            _read += count;
            return slice;
        }
    }
}
