namespace AisLive.Ais.Nmea;

/// <summary>
/// Reads big-endian bit fields out of an AIS payload that has been un-armoured into 6-bit symbols.
/// Bits past the end read as zero, so a caller checks <see cref="BitLength"/> before trusting a field.
/// </summary>
internal readonly ref struct PayloadBits
{
    private readonly ReadOnlySpan<byte> _symbols;

    public PayloadBits(ReadOnlySpan<byte> symbols, int bitLength)
    {
        _symbols = symbols;
        BitLength = bitLength;
    }

    public int BitLength { get; }

    public uint Unsigned(int start, int length)
    {
        ulong value = 0;
        var position = start;
        var end = start + length;
        while (position < end)
        {
            var index = position / 6;
            var offset = position - (index * 6);
            var take = Math.Min(6 - offset, end - position);
            var symbol = index < _symbols.Length ? _symbols[index] : 0;
            var bits = (symbol >> (6 - offset - take)) & ((1 << take) - 1);
            value = (value << take) | (uint)bits;
            position += take;
        }

        return (uint)value;
    }

    public int Signed(int start, int length)
    {
        var raw = Unsigned(start, length);
        var shift = 32 - length;
        return (int)(raw << shift) >> shift;
    }

    public bool Bool(int start) => Unsigned(start, 1) != 0;

    /// <summary>Reads 6-bit ASCII text, dropping trailing '@' padding and spaces (leading spaces are kept).</summary>
    public string Text(int start, int characters)
    {
        var available = Math.Max(0, Math.Min(characters, (BitLength - start) / 6));
        Span<char> buffer = stackalloc char[available];
        for (var i = 0; i < available; i++)
        {
            var value = (int)Unsigned(start + (i * 6), 6);
            buffer[i] = (char)(value < 32 ? value + 64 : value);
        }

        return new string(buffer.TrimEnd("@ ")).Replace('\0', ' ');
    }

    /// <summary>Turns armoured payload characters into 6-bit symbols; false on a character outside the AIS alphabet.</summary>
    public static bool TryUnarmour(ReadOnlySpan<byte> armoured, Span<byte> symbols)
    {
        for (var i = 0; i < armoured.Length; i++)
        {
            int c = armoured[i];
            if (c is < 48 or > 119 or (> 87 and < 96))
            {
                return false;
            }

            var value = c - 48;
            symbols[i] = (byte)(value > 40 ? value - 8 : value);
        }

        return true;
    }
}
