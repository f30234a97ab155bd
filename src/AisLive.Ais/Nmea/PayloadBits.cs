using System.Buffers.Binary;

namespace AisLive.Ais.Nmea;

/// <summary>
/// Reads big-endian bit fields out of an AIS payload packed 8 bits to the byte. The buffer carries 8
/// bytes of zero padding past the payload so that any field is one 64-bit load and two shifts; bits past
/// the end of the payload read as zero, so a caller checks <see cref="BitLength"/> before trusting a field.
/// </summary>
internal readonly ref struct PayloadBits
{
    public const int Padding = 8;

    private readonly ReadOnlySpan<byte> _packed;

    public PayloadBits(ReadOnlySpan<byte> packed, int bitLength)
    {
        _packed = packed;
        BitLength = bitLength;
    }

    public int BitLength { get; }

    /// <summary>Bytes needed to pack <paramref name="symbols"/> 6-bit symbols, with the read padding.</summary>
    public static int PackedSize(int symbols) => ((symbols * 6) + 7) / 8 + Padding;

    public uint Unsigned(int start, int length)
    {
        var index = start >> 3;
        if (index + 8 > _packed.Length)
        {
            return 0; // wholly past the payload
        }

        var window = BinaryPrimitives.ReadUInt64BigEndian(_packed[index..]);
        return (uint)((window << (start & 7)) >> (64 - length));
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

        return new string(buffer.TrimEnd("@ "));
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

    /// <summary>Un-armours and packs in one pass (4 characters = 3 bytes); false on an illegal character.</summary>
    public static bool TryUnarmourPacked(ReadOnlySpan<byte> armoured, Span<byte> packed)
    {
        var packer = new SixBitPacker(packed);
        foreach (int c in armoured)
        {
            if (c is < 48 or > 119 or (> 87 and < 96))
            {
                return false;
            }

            var value = c - 48;
            packer.Push(value > 40 ? value - 8 : value);
        }

        packer.Finish();
        return true;
    }

    /// <summary>Packs 6-bit symbols (already validated) into bytes.</summary>
    public static void Pack(ReadOnlySpan<byte> symbols, Span<byte> packed)
    {
        var packer = new SixBitPacker(packed);
        foreach (var symbol in symbols)
        {
            packer.Push(symbol);
        }

        packer.Finish();
    }

    /// <summary>Appends 6-bit symbols big-endian into bytes, clearing the destination first (its padding must read as zero).</summary>
    private ref struct SixBitPacker
    {
        private readonly Span<byte> _packed;
        private ulong _accumulator;
        private int _bits;
        private int _output;

        public SixBitPacker(Span<byte> packed)
        {
            packed.Clear();
            _packed = packed;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void Push(int symbol)
        {
            _accumulator = (_accumulator << 6) | (uint)symbol;
            _bits += 6;
            if (_bits >= 8)
            {
                _bits -= 8;
                _packed[_output++] = (byte)(_accumulator >> _bits);
            }
        }

        public readonly void Finish()
        {
            if (_bits > 0)
            {
                _packed[_output] = (byte)(_accumulator << (8 - _bits));
            }
        }
    }
}
