using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AisLive.Ais.Output;

/// <summary>
/// Writes one <c>decode</c> output object as a line of UTF-8 JSON straight into the output buffer: names are
/// UTF-8 literals, numbers are formatted in place (the shortest round-trip form, as System.Text.Json writes them)
/// and plain ASCII text is copied with only <c>"</c> and <c>\</c> escaped; any other text goes through
/// System.Text.Json's own encoder, so the bytes are those <see cref="Utf8JsonWriter"/> wrote. A
/// <see cref="Utf8JsonWriter"/> per field cost more than decoding the message (about 1 µs a message).
/// </summary>
internal ref struct JsonLine
{
    /// <summary>Room for the largest message object; text fields are bounded by the AIS formats.</summary>
    private const int MaxLineBytes = 8 * 1024;

    private readonly IBufferWriter<byte> _output;
    private readonly Span<byte> _buffer;
    private int _written;
    private bool _first;

    public JsonLine(IBufferWriter<byte> output)
    {
        _output = output;
        _buffer = output.GetSpan(MaxLineBytes);
        _buffer[0] = (byte)'{';
        _written = 1;
        _first = true;
    }

    public void Number(scoped ReadOnlySpan<byte> name, uint value)
    {
        Name(name);
        value.TryFormat(_buffer[_written..], out var length, default, CultureInfo.InvariantCulture);
        _written += length;
    }

    public void WholeNumber(scoped ReadOnlySpan<byte> name, long value)
    {
        Name(name);
        value.TryFormat(_buffer[_written..], out var length, default, CultureInfo.InvariantCulture);
        _written += length;
    }

    public void Number(scoped ReadOnlySpan<byte> name, int? value)
    {
        if (value is not { } v)
        {
            Null(name);
            return;
        }

        Name(name);
        v.TryFormat(_buffer[_written..], out var length, default, CultureInfo.InvariantCulture);
        _written += length;
    }

    public void Number(scoped ReadOnlySpan<byte> name, double? value)
    {
        if (value is not { } v)
        {
            Null(name);
            return;
        }

        Name(name);
        if (!TryWriteTenths(v))
        {
            v.TryFormat(_buffer[_written..], out var length, default, CultureInfo.InvariantCulture);
            _written += length;
        }
    }

    public void Bool(scoped ReadOnlySpan<byte> name, bool? value)
    {
        if (value is not { } v)
        {
            Null(name);
            return;
        }

        Name(name);
        Raw(v ? "true"u8 : "false"u8);
    }

    public void String(scoped ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            Null(name);
            return;
        }

        Name(name);
        _buffer[_written++] = (byte)'"';
        if (IsPlainAscii(value))
        {
            foreach (var c in value)
            {
                if (c is '"' or '\\')
                {
                    _buffer[_written++] = (byte)'\\';
                }

                _buffer[_written++] = (byte)c;
            }
        }
        else
        {
            Raw(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes);
        }

        _buffer[_written++] = (byte)'"';
    }

    public void Null(scoped ReadOnlySpan<byte> name)
    {
        Name(name);
        Raw("null"u8);
    }

    /// <summary>Opens an array of objects named <paramref name="name"/>; each element goes between <see cref="StartElement"/> and <see cref="EndElement"/>.</summary>
    public void StartArray(scoped ReadOnlySpan<byte> name)
    {
        Name(name);
        _buffer[_written++] = (byte)'[';
        _first = true;
    }

    public void StartElement()
    {
        if (!_first)
        {
            _buffer[_written++] = (byte)',';
        }

        _buffer[_written++] = (byte)'{';
        _first = true;
    }

    public void EndElement()
    {
        _buffer[_written++] = (byte)'}';
        _first = false;
    }

    public void EndArray()
    {
        _buffer[_written++] = (byte)']';
        _first = false;
    }

    /// <summary>Closes the object, ends the line and hands it to the output.</summary>
    public void End()
    {
        _buffer[_written++] = (byte)'}';
        _buffer[_written++] = (byte)'\n';
        _output.Advance(_written);
    }

    /// <summary>
    /// Speeds, courses and draughts are whole tenths (raw / 10). When <c>k / 10.0 == value</c>, the text "k/10" with
    /// one decimal (none when whole) parses back to exactly this double and nothing shorter does, so it is the
    /// shortest round-trip form the general formatter would write, produced without its search.
    /// </summary>
    private bool TryWriteTenths(double value)
    {
        var tenths = value * 10;
        if (tenths is <= -1e9 or >= 1e9 || tenths != Math.Floor(tenths) || tenths / 10 != value || (value == 0 && double.IsNegative(value)))
        {
            return false;
        }

        var k = (long)tenths;
        if (k < 0)
        {
            _buffer[_written++] = (byte)'-';
            k = -k;
        }

        (k / 10).TryFormat(_buffer[_written..], out var length, default, CultureInfo.InvariantCulture);
        _written += length;
        if (k % 10 != 0)
        {
            _buffer[_written++] = (byte)'.';
            _buffer[_written++] = (byte)('0' + (k % 10));
        }

        return true;
    }

    private static bool IsPlainAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private void Name(scoped ReadOnlySpan<byte> name)
    {
        if (!_first)
        {
            _buffer[_written++] = (byte)',';
        }

        _first = false;
        _buffer[_written++] = (byte)'"';
        Raw(name);
        _buffer[_written++] = (byte)'"';
        _buffer[_written++] = (byte)':';
    }

    private void Raw(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_written..]);
        _written += bytes.Length;
    }
}
