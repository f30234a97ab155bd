using System.Text;
using System.Text.RegularExpressions;

namespace AisLive.Server.Tests.Pipeline;

/// <summary>
/// Seeded mutations of real frames (AISStream JSON and NMEA from <c>../shared/ais-corpus</c>): random bytes flipped,
/// values of the wrong type, missing, null or huge; NUL and control characters in text; clocks off by decades;
/// frames cut short or doubled. The same seed gives the same frames, so a failure can be replayed.
/// </summary>
public sealed partial class FrameMutator(int seed, IReadOnlyList<string> jsonFrames, IReadOnlyList<string> nmeaLines)
{
    private static readonly string[] Junk = ["null", "\"x\"", "-1", "1e300", "-1e300", "[]", "{}", "true", "99999999999999999999", "\"\\u0000\""];
    private static readonly string[] Controls = ["\\u0000", "\\u0007", "\\u001b[31m", "\\u202e", "\\r\\n", "\\t", "\\u0085", "\\ud800"];
    private static readonly string[] Clocks =
        ["1970-01-01 00:00:00 +0000 UTC", "1990-06-01 12:00:00 +0000 UTC", "2099-01-01 00:00:00 +0000 UTC", "9999-12-31 23:59:59 +0000 UTC", "0001-01-01 00:00:00 +0000 UTC", "yesterday", ""];

    private readonly Random _random = new(seed);

    /// <summary>One bad frame. Never one the source would act on as an upstream error, and never about <paramref name="avoidMmsiPrefix"/>.</summary>
    public byte[] Next(string avoidMmsiPrefix)
    {
        while (true)
        {
            var frame = Mutate();
            var text = Encoding.UTF8.GetString(frame);
            if (!text.Contains("\"error\"", StringComparison.OrdinalIgnoreCase) && !text.Contains(avoidMmsiPrefix, StringComparison.Ordinal))
            {
                return frame;
            }
        }
    }

    private byte[] Mutate()
    {
        var json = jsonFrames[_random.Next(jsonFrames.Count)];
        var nmea = nmeaLines[_random.Next(nmeaLines.Count)];
        return _random.Next(10) switch
        {
            0 => Flip(Encoding.UTF8.GetBytes(json)),
            1 => Flip(Encoding.ASCII.GetBytes(nmea)),
            2 => Encoding.UTF8.GetBytes(ReplaceValue(json, Junk[_random.Next(Junk.Length)])),
            3 => Encoding.UTF8.GetBytes(InjectIntoText(json)),
            4 => Encoding.UTF8.GetBytes(TimeUtc().Replace(json, $"\"time_utc\":\"{Clocks[_random.Next(Clocks.Length)]}\"", 1)),
            5 => Encoding.UTF8.GetBytes(json[.._random.Next(1, json.Length)]),
            6 => Encoding.UTF8.GetBytes(json + json),
            7 => Encoding.UTF8.GetBytes(DropField(json)),
            8 => Encoding.UTF8.GetBytes(TextValue().Replace(json, m => $"{m.Groups[1].Value}\"{new string('W', _random.Next(100, 70_000))}\"", 1)),
            _ => Encoding.ASCII.GetBytes(nmea[.._random.Next(1, nmea.Length)] + (_random.Next(2) == 0 ? nmea : string.Empty)),
        };
    }

    private byte[] Flip(byte[] bytes)
    {
        for (var i = _random.Next(1, 6); i > 0; i--)
        {
            bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
        }

        return bytes;
    }

    /// <summary>A random number value of the frame replaced.</summary>
    private string ReplaceValue(string json, string value)
    {
        var numbers = NumberValue().Matches(json);
        if (numbers.Count == 0)
        {
            return json;
        }

        var pick = numbers[_random.Next(numbers.Count)];
        return string.Concat(json.AsSpan(0, pick.Groups[2].Index), value, json.AsSpan(pick.Groups[2].Index + pick.Groups[2].Length));
    }

    /// <summary>A NUL, an escape sequence, a bidi override or a lone surrogate inside a random text value.</summary>
    private string InjectIntoText(string json)
    {
        var texts = TextValue().Matches(json);
        if (texts.Count == 0)
        {
            return json;
        }

        var pick = texts[_random.Next(texts.Count)];
        var at = pick.Index + pick.Groups[1].Length + 1;
        return json.Insert(at, Controls[_random.Next(Controls.Length)]);
    }

    private string DropField(string json)
    {
        var numbers = NumberValue().Matches(json);
        if (numbers.Count == 0)
        {
            return json;
        }

        var pick = numbers[_random.Next(numbers.Count)];
        return json.Remove(pick.Index, pick.Length).Replace(",,", ",", StringComparison.Ordinal).Replace("{,", "{", StringComparison.Ordinal);
    }

    [GeneratedRegex("(\"[A-Za-z_]+\":\\s*)(-?[0-9][0-9.eE+-]*)")]
    private static partial Regex NumberValue();

    [GeneratedRegex("(\"(?:ShipName|Name|Destination|CallSign|Text)\":\\s*)\"[^\"]*\"")]
    private static partial Regex TextValue();

    [GeneratedRegex("\"time_utc\":\\s*\"[^\"]*\"")]
    private static partial Regex TimeUtc();
}
