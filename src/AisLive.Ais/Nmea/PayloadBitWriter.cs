namespace AisLive.Ais.Nmea;

/// <summary>Builds an AIS payload field by field, big-endian, and armours it into 6-bit characters.</summary>
internal sealed class PayloadBitWriter
{
    private readonly List<bool> _bits = new(424);

    public int Length => _bits.Count;

    public PayloadBitWriter Unsigned(long value, int length)
    {
        for (var i = length - 1; i >= 0; i--)
        {
            _bits.Add(((value >> i) & 1) != 0);
        }

        return this;
    }

    public PayloadBitWriter Signed(long value, int length) => Unsigned(value & ((1L << length) - 1), length);

    public PayloadBitWriter Bool(bool value) => Unsigned(value ? 1 : 0, 1);

    /// <summary>Writes text as 6-bit ASCII, upper-cased and padded with '@' to <paramref name="characters"/>.</summary>
    public PayloadBitWriter Text(string? text, int characters)
    {
        var value = (text ?? string.Empty).ToUpperInvariant();
        for (var i = 0; i < characters; i++)
        {
            var c = i < value.Length ? value[i] : '@';
            var code = c is >= '@' and <= '_' ? c - 64 : c is >= ' ' and <= '?' ? c : 0;
            Unsigned(code, 6);
        }

        return this;
    }

    /// <summary>The armoured payload and the number of fill bits added to reach a whole character.</summary>
    public (string Payload, int FillBits) Armour()
    {
        var fill = (6 - (_bits.Count % 6)) % 6;
        var chars = new char[(_bits.Count + fill) / 6];
        for (var i = 0; i < chars.Length; i++)
        {
            var value = 0;
            for (var b = 0; b < 6; b++)
            {
                var index = (i * 6) + b;
                value = (value << 1) | (index < _bits.Count && _bits[index] ? 1 : 0);
            }

            chars[i] = (char)(value < 40 ? value + 48 : value + 56);
        }

        return (new string(chars), fill);
    }
}
