using System.Text;
using System.Text.Json;

namespace AisLive.Ais.AisStream;

/// <summary>Small readers shared by the AISStream body and metadata parsers.</summary>
internal static class AisStreamJson
{
    /// <summary>Copies an ASCII property name into <paramref name="buffer"/> so callers can switch on it as text.</summary>
    public static ReadOnlySpan<char> Name(scoped in Utf8JsonReader reader, Span<char> buffer)
    {
        var raw = reader.ValueSpan;
        if (reader.ValueIsEscaped || raw.Length > buffer.Length)
        {
            return reader.GetString().AsSpan();
        }

        var written = Encoding.ASCII.GetChars(raw, buffer);
        return buffer[..written];
    }

    /// <summary>An integer that AISStream sometimes sends as a boolean (e.g. <c>Dte</c>, <c>PartNumber</c>).</summary>
    public static int Int(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => 1,
        JsonTokenType.False => 0,
        JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
        JsonTokenType.Number => (int)reader.GetDouble(),
        _ => throw new FormatException(),
    };

    public static uint UInt(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetUInt32(out var value) => value,
        JsonTokenType.String when uint.TryParse(reader.GetString(), out var value) => value,
        _ => throw new FormatException(),
    };

    public static bool Bool(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Number => reader.GetInt32() != 0,
        _ => throw new FormatException(),
    };

    public static double Double(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : throw new FormatException();

    /// <summary>AIS text with '@' padding and trailing spaces removed; leading spaces kept.</summary>
    public static string? Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new FormatException();
        var trimmed = text.AsSpan().TrimEnd("@ ");
        return trimmed.Length == text.Length ? text : new string(trimmed);
    }
}
