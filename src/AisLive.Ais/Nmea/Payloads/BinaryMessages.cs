using System.Globalization;

namespace AisLive.Ais.Nmea.Payloads;

/// <summary>
/// Types 6, 8, 17, 25 and 26: messages that carry binary data. An application payload that
/// <see cref="ApplicationPayloads"/> knows is decoded field by field; any other keeps its DAC and FI and the data
/// as gpsd prints it, <c>"bits:hex"</c>, left-aligned with the last byte zero-padded.
/// </summary>
internal static class BinaryMessages
{
    public static int MinimumBits(int type) => type switch
    {
        6 => 88,
        8 => 56,
        17 => 80,
        25 => 40,
        26 => 60,
        _ => AisPayloadDecoder.HeaderBits,
    };

    /// <summary>The message's fields, or null when its header says more than its length holds.</summary>
    public static AisFields? Decode(in PayloadBits bits, int type) => type switch
    {
        6 => Addressed(bits),
        8 => Broadcast(bits),
        17 => new AisFields()
            .Scaled("lon", CommunicationMessages.TenthMinutes(bits.Signed(40, 18)))
            .Scaled("lat", CommunicationMessages.TenthMinutes(bits.Signed(58, 17)))
            .Text("data", Data(bits, 80, bits.BitLength - 80)),
        25 => SingleSlot(bits),
        26 => MultipleSlot(bits),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a binary message type"),
    };

    private static AisFields Addressed(in PayloadBits bits)
    {
        var dac = (int)bits.Unsigned(72, 10);
        var fid = (int)bits.Unsigned(82, 6);
        var fields = new AisFields()
            .Whole("seqno", bits.Unsigned(38, 2))
            .Whole("destMmsi", bits.Unsigned(40, 30))
            .Flag("retransmit", bits.Bool(70))
            .Whole("dac", dac)
            .Whole("fid", fid);
        return ApplicationPayloads.TryDecode(bits, 6, dac, fid, 88, fields) ? fields : fields.Text("data", Data(bits, 88, bits.BitLength - 88));
    }

    private static AisFields Broadcast(in PayloadBits bits)
    {
        var dac = (int)bits.Unsigned(40, 10);
        var fid = (int)bits.Unsigned(50, 6);
        var fields = new AisFields().Whole("dac", dac).Whole("fid", fid);
        return ApplicationPayloads.TryDecode(bits, 8, dac, fid, 56, fields) ? fields : fields.Text("data", Data(bits, 56, bits.BitLength - 56));
    }

    /// <summary>Type 25: an addressed flag, a structured flag, then an optional destination and application id.</summary>
    private static AisFields? SingleSlot(in PayloadBits bits) => SlotMessage(bits, bits.BitLength);

    /// <summary>Type 26: as type 25, with 20 bits of radio status at the end.</summary>
    private static AisFields? MultipleSlot(in PayloadBits bits)
    {
        var radioStart = bits.BitLength - 20;
        return SlotMessage(bits, radioStart)?.Whole("radio", bits.Unsigned(radioStart, 20));
    }

    private static AisFields? SlotMessage(in PayloadBits bits, int dataEnd)
    {
        var addressed = bits.Bool(38);
        var structured = bits.Bool(39);
        var start = 40;
        var destination = 0u;
        if (addressed)
        {
            destination = bits.Unsigned(start, 30);
            start += 30;
        }

        var applicationId = 0u;
        if (structured)
        {
            applicationId = bits.Unsigned(start, 16);
            start += 16;
        }

        if (dataEnd < start)
        {
            return null;
        }

        return new AisFields()
            .Flag("addressed", addressed)
            .Flag("structured", structured)
            .Whole("destMmsi", destination)
            .Whole("appId", applicationId)
            .Text("data", Data(bits, start, dataEnd - start));
    }

    /// <summary>gpsd's form of undecoded data: the bit count, a colon and the bits as lowercase hex bytes.</summary>
    public static string Data(in PayloadBits bits, int start, int count)
    {
        count = Math.Max(0, count);
        var bytes = (count + 7) / 8;
        var text = new char[bytes * 2];
        for (var i = 0; i < bytes; i++)
        {
            var width = Math.Min(8, count - (i * 8));
            var value = bits.Unsigned(start + (i * 8), width) << (8 - width);
            text[2 * i] = HexDigit(value >> 4);
            text[(2 * i) + 1] = HexDigit(value & 0xF);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{count}:{new string(text)}");
    }

    private static char HexDigit(uint nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
