using System.Globalization;

namespace AisLive.Ais;

/// <summary>
/// Text fields as AIS allows them. The 6-bit alphabet of NMEA payloads holds no control characters and its fields
/// have fixed widths, but AISStream JSON is any JSON string: a NUL, an escape sequence, a bidi override or 500
/// characters. Those never get past decoding: control, format and unpaired surrogate characters are removed and the
/// text is cut to the field's width in ITU-R M.1371-5. Leading spaces are kept as sent (gpsd and the shared corpus
/// keep them); trailing '@' padding and spaces are removed, as for NMEA.
/// </summary>
public static class AisText
{
    private static readonly char[] Padding = ['@', ' '];

    /// <summary>Type 5 name, type 19 name, type 24 part A name: 120 bits.</summary>
    public const int ShipNameChars = 20;

    /// <summary>Type 5 and type 24 part B call sign: 42 bits.</summary>
    public const int CallSignChars = 7;

    /// <summary>Type 5 destination: 120 bits.</summary>
    public const int DestinationChars = 20;

    /// <summary>Type 21 name (120 bits) with its extension (up to 84 bits).</summary>
    public const int AidNameChars = 34;

    /// <summary>Type 21 name extension alone.</summary>
    public const int AidNameExtensionChars = 14;

    /// <summary>Type 24 part B vendor id: 42 bits (the whole field, model and serial included, as gpsd prints it).</summary>
    public const int VendorIdChars = 7;

    /// <summary>Type 14 safety text: at most 161 characters in five slots (type 12 carries up to 156).</summary>
    public const int SafetyTextChars = 161;

    /// <summary>
    /// The text cleaned and cut to <paramref name="maxChars"/>, or the same instance when it needed nothing;
    /// <paramref name="cleaned"/> is set when anything was removed or cut.
    /// </summary>
    public static string? Clean(string? text, int maxChars, ref bool cleaned)
    {
        if (text is null)
        {
            return null;
        }

        var span = text.AsSpan().TrimEnd("@ ");
        if (span.Length <= maxChars && IsPlain(span))
        {
            return span.Length == text.Length ? text : new string(span); // padding going is not cleaning
        }

        cleaned = true;
        var kept = new System.Text.StringBuilder(Math.Min(span.Length, maxChars));
        for (var i = 0; i < span.Length && kept.Length < maxChars; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                if (kept.Length + 2 > maxChars)
                {
                    break;
                }

                kept.Append(c).Append(span[i + 1]);
                i++;
            }
            else if (IsPlain(c))
            {
                kept.Append(c);
            }
        }

        return kept.ToString().TrimEnd(Padding);
    }

    private static bool IsPlain(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!IsPlain(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlain(char c) => c switch
    {
        >= ' ' and <= '~' => true, // ASCII printable: the whole of AIS's own alphabet
        _ => !char.IsSurrogate(c) && CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Control or UnicodeCategory.Format),
    };
}
