using System.Buffers.Text;
using System.Runtime.Intrinsics;

namespace AisLive.Ais.Nmea;

/// <summary>
/// One <c>!xxVDM</c>/<c>!xxVDO</c> sentence split into its fields, pointing into the caller's bytes
/// (no copies). Accepts an optional leading <c>\...\</c> tag block and anything after the checksum,
/// since real feeds (USCG, aishub, Gatehouse) append their own fields there.
/// </summary>
internal readonly ref struct NmeaSentence
{
    public const int MaxFragments = 9;

    public required ReadOnlySpan<byte> Talker { get; init; }
    public required bool IsOwnShip { get; init; }
    public required int FragmentCount { get; init; }
    public required int FragmentNumber { get; init; }

    /// <summary>The sequential message id (0-9), or -1 when the field is empty.</summary>
    public required int SequenceId { get; init; }

    /// <summary>The radio channel byte ('A', 'B', '1', '2'), or 0 when the field is empty.</summary>
    public required byte Channel { get; init; }
    public required ReadOnlySpan<byte> Payload { get; init; }
    public required int FillBits { get; init; }

    /// <summary>The tag block's <c>c:</c> time (Unix seconds or milliseconds), when present.</summary>
    public required DateTimeOffset? TagTimestamp { get; init; }

    public static DecodeError TryParse(ReadOnlySpan<byte> line, out NmeaSentence sentence)
    {
        sentence = default;
        line = line.TrimEnd("\r\n \t"u8);
        DateTimeOffset? tagTime = null;
        if (line.Length > 0 && line[0] == (byte)'\\')
        {
            var close = line[1..].IndexOf((byte)'\\');
            if (close < 0)
            {
                return DecodeError.NotAis;
            }

            tagTime = ParseTagTime(line.Slice(1, close));
            line = line[(close + 2)..];
        }

        if (line.Length == 0 || line[0] != (byte)'!')
        {
            return DecodeError.NotAis;
        }

        var star = line.IndexOf((byte)'*');
        if (star < 0 || line.Length < star + 3)
        {
            return DecodeError.MissingChecksum;
        }

        var body = line[1..star];
        if (!Utf8Parser.TryParse(line.Slice(star + 1, 2), out byte expected, out var used, 'X') || used != 2)
        {
            return DecodeError.MissingChecksum;
        }

        if (Checksum(body) != expected)
        {
            return DecodeError.BadChecksum;
        }

        return ParseFields(body, tagTime, out sentence);
    }

    private static DecodeError ParseFields(ReadOnlySpan<byte> body, DateTimeOffset? tagTime, out NmeaSentence sentence)
    {
        sentence = default;
        Span<Range> fields = stackalloc Range[7];
        if (SplitFields(body, fields) != 7)
        {
            return DecodeError.WrongFieldCount;
        }

        var address = body[fields[0]];
        if (address.Length != 5 || !(address[2..].SequenceEqual("VDM"u8) || address[2..].SequenceEqual("VDO"u8)))
        {
            return DecodeError.NotAis;
        }

        var count = SingleDigit(body[fields[1]]);
        var number = SingleDigit(body[fields[2]]);
        if (count < 1 || number < 1 || number > count)
        {
            return DecodeError.BadFragmentFields;
        }

        var sequenceField = body[fields[3]];
        var sequenceId = sequenceField.IsEmpty ? -1 : SingleDigit(sequenceField);
        var channelField = body[fields[4]];
        if ((sequenceField.Length > 0 && sequenceId < 0) || channelField.Length > 1)
        {
            return DecodeError.BadFragmentFields;
        }

        var payload = body[fields[5]];
        if (payload.IsEmpty && number == 1)
        {
            // A later fragment may be empty (real transmitters send one when the payload ended on a
            // sentence boundary); a message cannot start with nothing.
            return DecodeError.EmptyPayload;
        }

        var fill = SingleDigit(body[fields[6]]);
        if (fill is < 0 or > 5)
        {
            return DecodeError.BadFillBits;
        }

        sentence = new NmeaSentence
        {
            Talker = address[..2],
            IsOwnShip = address[4] == (byte)'O',
            FragmentCount = count,
            FragmentNumber = number,
            SequenceId = sequenceId,
            Channel = channelField.IsEmpty ? (byte)0 : channelField[0],
            Payload = payload,
            FillBits = fill,
            TagTimestamp = tagTime,
        };
        return DecodeError.None;
    }

    /// <summary>XOR of every byte, sixteen at a time.</summary>
    private static byte Checksum(ReadOnlySpan<byte> body)
    {
        var i = 0;
        byte sum = 0;
        if (Vector128.IsHardwareAccelerated && body.Length >= Vector128<byte>.Count)
        {
            var accumulator = Vector128<byte>.Zero;
            for (; i <= body.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                accumulator ^= Vector128.Create(body.Slice(i, Vector128<byte>.Count));
            }

            var folded = accumulator.AsUInt64();
            var wide = folded.GetElement(0) ^ folded.GetElement(1);
            wide ^= wide >> 32;
            wide ^= wide >> 16;
            wide ^= wide >> 8;
            sum = (byte)wide;
        }

        for (; i < body.Length; i++)
        {
            sum ^= body[i];
        }

        return sum;
    }

    /// <summary>Splits on commas into <paramref name="fields"/>; returns the field count (one more than fits = too many).</summary>
    private static int SplitFields(ReadOnlySpan<byte> body, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            var comma = body[start..].IndexOf((byte)',');
            var end = comma < 0 ? body.Length : start + comma;
            if (count == fields.Length)
            {
                return count + 1;
            }

            fields[count++] = new Range(start, end);
            if (comma < 0)
            {
                return count;
            }

            start = end + 1;
        }
    }

    private static int SingleDigit(ReadOnlySpan<byte> field) =>
        field.Length == 1 && field[0] is >= (byte)'0' and <= (byte)'9' ? field[0] - '0' : -1;

    private static DateTimeOffset? ParseTagTime(ReadOnlySpan<byte> tagBlock)
    {
        var star = tagBlock.IndexOf((byte)'*');
        if (star >= 0)
        {
            tagBlock = tagBlock[..star];
        }

        foreach (var range in tagBlock.Split((byte)','))
        {
            var part = tagBlock[range];
            if (part.StartsWith("c:"u8) && Utf8Parser.TryParse(part[2..], out long value, out var used) && used == part.Length - 2 && value > 0)
            {
                // Some sources send milliseconds: anything past year 5138 in seconds is taken as ms.
                return value > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
            }
        }

        return null;
    }
}
