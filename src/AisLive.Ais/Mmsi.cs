namespace AisLive.Ais;

/// <summary>A Maritime Mobile Service Identity: a 30-bit station number, printed without padding.</summary>
public readonly record struct Mmsi(uint Value) : IComparable<Mmsi>, ISpanFormattable
{
    public const uint MaxValue = (1u << 30) - 1;

    /// <summary>MMSI 0 is "no identity"; values above 30 bits cannot be sent over the air.</summary>
    public bool IsValid => Value is > 0 and <= 999_999_999;

    /// <summary>Auxiliary craft (98XXXYYYY) report a mothership MMSI in type 24B instead of dimensions.</summary>
    public bool IsAuxiliaryCraft => Value / 10_000_000 == 98;

    public int CompareTo(Mmsi other) => Value.CompareTo(other.Value);

    public static bool operator <(Mmsi left, Mmsi right) => left.Value < right.Value;

    public static bool operator >(Mmsi left, Mmsi right) => left.Value > right.Value;

    public static bool operator <=(Mmsi left, Mmsi right) => left.Value <= right.Value;

    public static bool operator >=(Mmsi left, Mmsi right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format, formatProvider);

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        Value.TryFormat(destination, out charsWritten, format, provider);

    public static bool TryParse(ReadOnlySpan<char> text, out Mmsi mmsi)
    {
        if (uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value <= 999_999_999)
        {
            mmsi = new Mmsi(value);
            return true;
        }

        mmsi = default;
        return false;
    }
}
