using System.Text;

namespace AisLive.Conformance;

/// <summary>
/// Groups NMEA lines into whole AIS messages (one sentence, or fragments 1..n of one sequence id in order), so
/// each message can be fed to both decoders on its own and their outputs paired. Lines that do not complete a
/// message are dropped here: the shared corpus's checks cover broken input.
/// </summary>
internal static class NmeaMessages
{
    /// <summary>Types decoded as <c>AisFields</c> (SPEC section 4: every other type of ITU-R M.1371-5).</summary>
    public static readonly HashSet<int> FieldTypes = [6, 7, 8, 10, 12, 13, 14, 15, 16, 17, 20, 22, 23, 25, 26];

    public static IEnumerable<(int Type, List<string> Sentences)> Read(IEnumerable<string> lines)
    {
        List<string>? group = null;
        var expected = 0;
        var sequence = "";
        foreach (var line in lines)
        {
            var fields = Body(line).Split(',');
            if (fields.Length < 7 || !fields[0].EndsWith("VDM", StringComparison.Ordinal) && !fields[0].EndsWith("VDO", StringComparison.Ordinal)
                || !int.TryParse(fields[1], out var count) || !int.TryParse(fields[2], out var number))
            {
                group = null;
                continue;
            }

            if (number == 1)
            {
                (group, expected, sequence) = ([line], count, fields[3]);
            }
            else if (group is not null && number == group.Count + 1 && count == expected && fields[3] == sequence)
            {
                group.Add(line);
            }
            else
            {
                group = null;
                continue;
            }

            if (group.Count == expected)
            {
                var payload = Body(group[0]).Split(',')[5];
                var type = payload.Length > 0 ? Sixbit(payload[0]) : -1;
                yield return (type, group);
                group = null;
            }
        }
    }

    /// <summary>
    /// A type 1 report from MMSI 1, built here: it separates messages in gpsdecode's output, which echoes nothing
    /// of its input, since every message compared is of another type.
    /// </summary>
    public static string Separator()
    {
        var symbols = new int[28]; // 168 bits
        symbols[0] = 1; // type 1
        symbols[6] = 1 << 4; // MMSI = 1: bit 37, the low bit of the 30-bit field at 8, is the second bit of symbol 6
        var payload = new StringBuilder();
        foreach (var symbol in symbols)
        {
            payload.Append((char)(symbol < 40 ? symbol + 48 : symbol + 56));
        }

        var body = $"AIVDM,1,1,,A,{payload},0";
        var checksum = body.Aggregate(0, (sum, c) => sum ^ c);
        return $"!{body}*{checksum:X2}";
    }

    /// <summary>
    /// The sentence as gpsdecode accepts it: its lexer drops talkers it does not know (<c>SS</c>, <c>--</c>...) and tag
    /// blocks, so gpsd gets talker <c>AI</c>, no tag block and a checksum recomputed; the payload is untouched.
    /// </summary>
    public static string AsGpsdReadsIt(string line)
    {
        var body = Body(line);
        var star = body.IndexOf('*', StringComparison.Ordinal);
        var content = "AI" + body[3..star];
        var checksum = content.Aggregate(0, (sum, c) => sum ^ c);
        return $"!{content}*{checksum:X2}{body[(star + 3)..]}";
    }

    /// <summary>The sentence without its tag block.</summary>
    private static string Body(string line) => line.StartsWith('\\') ? line[(line.IndexOf('\\', 1) + 1)..] : line;

    private static int Sixbit(char c)
    {
        var value = c - 48;
        return value > 40 ? value - 8 : value;
    }
}
