using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace AisLive.Server.Ingest;

/// <summary>
/// How <c>scripts/aislive record</c> saves a live session: each AISStream frame verbatim inside
/// <c>{"receivedAt":"&lt;ISO 8601&gt;","frame":&lt;frame&gt;}</c>, one per line; each NMEA line behind a tag
/// block carrying the receive time in milliseconds (<c>\c:1700000000000*hh\!AIVDM...</c>), the form
/// receivers such as AIS-catcher use. Replay reads both, and plain recordings too.
/// </summary>
public static class RecordingFormat
{
    private static readonly byte[] Prefix = "{\"receivedAt\":\""u8.ToArray();
    private static readonly byte[] FrameKey = "\",\"frame\":"u8.ToArray();

    public static byte[] Wrap(ReadOnlySpan<byte> frame, DateTimeOffset receivedAt)
    {
        if (frame.Length > 0 && frame[0] == (byte)'{')
        {
            var time = receivedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
            return [.. Prefix, .. Encoding.ASCII.GetBytes(time), .. FrameKey, .. frame, (byte)'}'];
        }

        var tag = $"c:{receivedAt.ToUnixTimeMilliseconds()}";
        var checksum = 0;
        foreach (var c in tag)
        {
            checksum ^= c;
        }

        return [.. Encoding.ASCII.GetBytes($"\\{tag}*{checksum:X2}\\"), .. frame];
    }

    /// <summary>For a wrapped AISStream line, the frame inside and when it was received; otherwise the line itself.</summary>
    public static ReadOnlyMemory<byte> Unwrap(ReadOnlyMemory<byte> line, out DateTimeOffset? receivedAt)
    {
        receivedAt = null;
        var span = line.Span;
        if (!span.StartsWith(Prefix) || span[^1] != (byte)'}')
        {
            return line;
        }

        var rest = span[Prefix.Length..];
        var end = rest.IndexOf(FrameKey);
        if (end < 0 || !DateTimeOffset.TryParse(Encoding.ASCII.GetString(rest[..end]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return line;
        }

        receivedAt = time;
        var start = Prefix.Length + end + FrameKey.Length;
        return line[start..^1];
    }

    /// <summary>The receive time of a tag-blocked NMEA line (<c>c:</c> in seconds or milliseconds).</summary>
    public static DateTimeOffset? TagTime(ReadOnlySpan<byte> line)
    {
        if (line.Length == 0 || line[0] != (byte)'\\')
        {
            return null;
        }

        var close = line[1..].IndexOf((byte)'\\');
        var block = close < 0 ? line : line[..(close + 1)];
        var c = block.IndexOf("c:"u8);
        if (c < 0 || !Utf8Parser.TryParse(block[(c + 2)..], out long value, out _) || value <= 0)
        {
            return null;
        }

        return value > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
    }
}
