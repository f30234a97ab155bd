using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AisLive.Conformance;

/// <summary>
/// The gpsd-derived corpus (SPEC section 4): every message of the types decoded as fields, taken from real captures
/// read in place, is decoded by <c>gpsdecode -j</c> (the oracle) and by our <c>decode</c>, one message at a time,
/// and compared field by field. Built afresh on every run, so the project holds no copy of the captures or of
/// gpsd's output. Names are gpsd's turned to camelCase; gpsd's <c>*_text</c> labels are not compared (they are
/// descriptions of a code that is compared). A number matches when it rounds to the digits gpsd printed.
/// </summary>
internal static class GpsdComparison
{
    /// <summary>Fields of the standard that gpsd's JSON leaves out and decode prints.</summary>
    private static readonly HashSet<(int Type, string Field)> Additions = [(23, "txrx")];

    /// <summary>
    /// Fields gpsd prints but does not decode: it never reads type 26's radio status (the last 20 bits) and always
    /// prints 0, where decode prints the bits.
    /// </summary>
    private static readonly HashSet<(int Type, string Field)> NotDecodedByGpsd = [(26, "radio")];

    private static readonly HashSet<string> NotCompared = ["class", "device", "scaled"];

    /// <summary>
    /// Payloads whose lists gpsd lets run on: it prints an element that merely starts inside the payload (tidal
    /// windows, even one starting at its very end; cargos) or as many waypoints as the count says, read from whatever
    /// follows. Decode keeps only elements whose bits are all there; gpsd's further elements are counted, not compared.
    /// </summary>
    private static readonly HashSet<string> GpsdListsRunOn = ["6/1/14", "6/1/32", "6/1/25", "6/1/28", "8/1/27"];

    /// <summary>
    /// IMO236's tidal window (6/1/14) gives positions in 1/10,000 minute; gpsd divides them by 60,000 as if they were
    /// IMO289's 1/1,000 minute, so its values are ten times decode's (which are right).
    /// </summary>
    private static readonly Dictionary<(string Payload, string Field), double> GpsdScaledWrongly = new()
    {
        [("6/1/14", "lon")] = 10, [("6/1/14", "lat")] = 10,
    };

    private static int _runOnElements;

    /// <summary>Payload fields where gpsd reads the wrong bits: 6/1/15's air draught at bit 56, inside the destination MMSI.</summary>
    private static readonly HashSet<(string Payload, string Field)> GpsdReadsWrongBits = [("6/1/15", "airdraught")];

    /// <summary>gpsd prints the EMMA warning's start (8/200/23) as year-month-hour T minute:day; decode's year-month-day T hour:minute is compared in gpsd's order.</summary>
    private static string InGpsdOrder(string start) =>
        start.Length == 16
            ? $"{start[..8]}{start[11..13]}T{start[14..16]}:{start[8..10]}"
            : start;

    public static async Task<int> RunAsync(string serverDll, IReadOnlyList<string> sources)
    {
        var messages = sources.SelectMany(Load)
            .Where(m => NmeaMessages.FieldTypes.Contains(m.Type))
            .DistinctBy(m => string.Join('\n', m.Sentences))
            .ToList();
        Console.WriteLine($"gpsd conformance: {messages.Count} messages of types {string.Join(',', messages.Select(m => m.Type).Distinct().Order())} from {string.Join(", ", sources.Select(Path.GetFileName))}");

        var separator = NmeaMessages.Separator();
        var gpsdInput = new StringBuilder();
        var ourInput = new StringBuilder();
        for (var i = 0; i < messages.Count; i++)
        {
            gpsdInput.Append(separator).Append('\n');
            ourInput.Append("#case ").Append(i).Append('\n');
            foreach (var sentence in messages[i].Sentences)
            {
                gpsdInput.Append(NmeaMessages.AsGpsdReadsIt(sentence)).Append('\n');
                ourInput.Append(sentence).Append('\n');
            }
        }

        gpsdInput.Append(separator).Append('\n');
        var gpsd = SplitGpsd(await RunProcessAsync("gpsdecode", ["-j"], gpsdInput.ToString()), messages.Count);
        var ours = SplitOurs(await RunProcessAsync("dotnet", [serverDll, "decode"], ourInput.ToString()), messages.Count);

        var failures = new List<string>();
        var keptAsData = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var fields = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var decoded = ours[i].Where(o => !o.ContainsKey("error")).ToList();
            if (gpsd[i].Count == 0)
            {
                // gpsd rejects the message (too short or too long for its type); decode must not make one up.
                if (decoded.Count > 0)
                {
                    failures.Add($"message {i}: gpsd printed nothing, decode printed {decoded[0].ToJsonString()} ({messages[i].Sentences[0]})");
                }

                continue;
            }

            if (decoded.Count != 1)
            {
                failures.Add($"message {i}: expected one message, decode printed {string.Join(" | ", ours[i].Select(o => o.ToJsonString()))} ({messages[i].Sentences[0]})");
                continue;
            }

            fields += Compare(i, messages[i], gpsd[i][0], decoded[0], failures, keptAsData);
        }

        foreach (var failure in failures.Take(40))
        {
            Console.WriteLine(failure);
        }

        if (_runOnElements > 0)
        {
            Console.WriteLine($"  {_runOnElements} list elements gpsd printed past the payload's end (not compared)");
        }

        foreach (var (payload, count) in keptAsData)
        {
            Console.WriteLine($"  payload {payload}: {count} kept as dac/fid/data (gpsd decodes it; its fields are not compared)");
        }

        Console.WriteLine($"gpsd conformance: {messages.Count - failures.Count} passed, {failures.Count} failed ({fields} fields compared, {messages.Count} messages)");
        return failures.Count == 0 ? 0 : 1;
    }

    private static int Compare(int index, (int Type, List<string> Sentences) message, JsonObject expected, JsonObject actual, List<string> failures, SortedDictionary<string, int> keptAsData)
    {
        var undecodedPayload = actual.ContainsKey("data") && !expected.ContainsKey("data") && message.Type is 6 or 8;
        if (undecodedPayload)
        {
            var key = $"{message.Type}/{expected["dac"]}/{expected["fid"]}";
            keptAsData[key] = keptAsData.GetValueOrDefault(key) + 1;
        }

        var compared = 0;
        var problems = new List<string>();
        foreach (var (name, value) in expected)
        {
            if (NotCompared.Contains(name) || name.EndsWith("_text", StringComparison.Ordinal))
            {
                continue;
            }

            var ourName = CamelCase(name);
            if (!actual.TryGetPropertyValue(ourName, out var ours))
            {
                if (!undecodedPayload)
                {
                    problems.Add($"{ourName} missing (gpsd {value?.ToJsonString()})");
                }

                continue;
            }

            if (NotDecodedByGpsd.Contains((message.Type, ourName)))
            {
                continue;
            }

            var payload = $"{message.Type}/{expected["dac"]}/{expected["fid"]}";
            if (GpsdReadsWrongBits.Contains((payload, ourName)))
            {
                continue;
            }

            // gpsd subtracts DAC 1 FI 31's water level offset in unsigned arithmetic: a level below the datum wraps.
            if (payload == "8/1/31" && ourName == "waterlevel" && ours?.GetValue<double>() is < 0 and var level)
            {
                ours = JsonValue.Create(level + (4_294_967_296 / 100.0));
            }

            if (payload == "8/200/23" && ourName == "start" && ours is not null)
            {
                ours = JsonValue.Create(InGpsdOrder(ours.GetValue<string>()));
            }

            compared++;
            if (value is JsonArray gpsdRows && ours is JsonArray ourRows)
            {
                CompareRows(payload, ourName, gpsdRows, ourRows, problems);
            }
            else if (!Matches(value, ours))
            {
                problems.Add($"{ourName} = {ours?.ToJsonString()}, gpsd {value?.ToJsonString()}");
            }
        }

        foreach (var (name, _) in actual)
        {
            if (!expected.Any(e => CamelCase(e.Key) == name) && !Additions.Contains((message.Type, name)) && !(undecodedPayload && name == "data"))
            {
                problems.Add($"{name} not in gpsd's output");
            }
        }

        if (problems.Count > 0)
        {
            failures.Add($"message {index} (type {message.Type}): {string.Join("; ", problems)} ({string.Join(' ', message.Sentences)})");
        }

        return compared;
    }

    /// <summary>A list of objects (tidal windows, waypoints, gauges, cargos), element by element and field by field.</summary>
    private static void CompareRows(string payload, string name, JsonArray expected, JsonArray actual, List<string> problems)
    {
        var runsOn = GpsdListsRunOn.Contains(payload) && expected.Count > actual.Count;
        if (expected.Count != actual.Count && !runsOn)
        {
            problems.Add($"{name} has {actual.Count} elements, gpsd {expected.Count}");
            return;
        }

        _runOnElements += runsOn ? expected.Count - actual.Count : 0;
        for (var i = 0; i < actual.Count; i++)
        {
            if (expected[i] is not JsonObject gpsdRow || actual[i] is not JsonObject ourRow)
            {
                problems.Add($"{name}[{i}] is not an object");
                continue;
            }

            var compared = gpsdRow.Where(p => !p.Key.EndsWith("_text", StringComparison.Ordinal)).ToList();
            foreach (var (field, value) in compared)
            {
                var ourField = CamelCase(field);
                var ours = ourRow[ourField];
                if (ours is not null && GpsdScaledWrongly.TryGetValue((payload, ourField), out var factor))
                {
                    ours = JsonValue.Create(ours.GetValue<double>() * factor);
                }

                if (!Matches(value, ours))
                {
                    problems.Add($"{name}[{i}].{ourField} = {ourRow[ourField]?.ToJsonString()}, gpsd {value?.ToJsonString()}");
                }
            }

            if (ourRow.Count != compared.Count)
            {
                problems.Add($"{name}[{i}] has fields gpsd does not print: {string.Join(", ", ourRow.Select(p => p.Key).Except(compared.Select(p => CamelCase(p.Key))))}");
            }
        }
    }

    /// <summary>gpsd's snake_case to decode's camelCase: <c>dest_mmsi</c> -> <c>destMmsi</c>, <c>offset1_1</c> -> <c>offset11</c>.</summary>
    public static string CamelCase(string name)
    {
        var parts = name.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    /// <summary>
    /// Numbers (gpsd prints some as strings, such as type 22's corners) match when ours rounds to gpsd's printed digits;
    /// everything else must be equal.
    /// </summary>
    private static bool Matches(JsonNode? expected, JsonNode? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }

        if (expected.GetValueKind() == JsonValueKind.String && actual.GetValueKind() == JsonValueKind.String
            && HexData.TryParse(expected.GetValue<string>(), out var gpsdData) && HexData.TryParse(actual.GetValue<string>(), out var ourData))
        {
            return gpsdData.SameBits(ourData);
        }

        var expectedText = expected.GetValueKind() == JsonValueKind.String ? expected.GetValue<string>() : expected.ToJsonString();
        if (actual.GetValueKind() == JsonValueKind.Number
            && double.TryParse(expectedText, NumberStyles.Float, CultureInfo.InvariantCulture, out var gpsdNumber))
        {
            var point = expectedText.IndexOf('.', StringComparison.Ordinal);
            var decimals = point < 0 ? 0 : expectedText.Length - point - 1;
            var tolerance = 0.5 * Math.Pow(10, -decimals) + 1e-9;
            return Math.Abs(actual.GetValue<double>() - gpsdNumber) <= tolerance;
        }

        return JsonNode.DeepEquals(expected, actual);
    }

    /// <summary>
    /// gpsd's <c>"bits:hex"</c> data. gpsd copies whole bytes, so the bits after the count in its last byte are
    /// whatever followed in the payload (type 26's radio status); decode zeroes them. Only the counted bits compare.
    /// </summary>
    private readonly record struct HexData(int Bits, string Hex)
    {
        public static bool TryParse(string text, out HexData data)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            data = default;
            if (colon <= 0 || !int.TryParse(text.AsSpan(0, colon), CultureInfo.InvariantCulture, out var bits))
            {
                return false;
            }

            data = new HexData(bits, text[(colon + 1)..]);
            return true;
        }

        public bool SameBits(HexData other)
        {
            if (Bits != other.Bits || Hex.Length != other.Hex.Length)
            {
                return false;
            }

            var whole = Bits / 4;
            if (!Hex.AsSpan(0, whole).SequenceEqual(other.Hex.AsSpan(0, whole)))
            {
                return false;
            }

            var rest = Bits % 4;
            var mask = (0xF << (4 - rest)) & 0xF;
            return rest == 0 || (Convert.ToInt32(Hex[whole].ToString(), 16) & mask) == (Convert.ToInt32(other.Hex[whole].ToString(), 16) & mask);
        }
    }

    private static IEnumerable<(int Type, List<string> Sentences)> Load(string source)
    {
        var lines = source.EndsWith(".jsonl", StringComparison.Ordinal)
            ? File.ReadLines(source).Where(l => l.Length > 0).SelectMany(l => JsonNode.Parse(l)!["sentences"]!.AsArray().Select(s => s!.GetValue<string>()))
            : File.ReadLines(source);
        return NmeaMessages.Read(lines);
    }

    /// <summary>
    /// Two of gpsd's JSON lines do not parse: the marine traffic signal (8/1/19) has no comma before
    /// <c>nextsignal_text</c>, and the EMMA warning (8/200/23) names its weather <c>type</c> and its intensity
    /// <c>class</c>, second keys of those names in the object. Both are mended here, the second by the names decode
    /// gives those fields, <c>weatherType</c> and <c>intensity</c>.
    /// </summary>
    private static string RepairGpsd(string line)
    {
        line = line.Replace("\"nextsignal_text\"", ",\"nextsignal_text\"", StringComparison.Ordinal).Replace(",,\"nextsignal_text\"", ",\"nextsignal_text\"", StringComparison.Ordinal);
        return RenameSecond(RenameSecond(line, "class", "intensity"), "type", "weatherType");
    }

    private static string RenameSecond(string line, string name, string to)
    {
        var key = $"\"{name}\":";
        var second = line.IndexOf("," + key, line.IndexOf(key, StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        return second < 0 ? line : string.Concat(line.AsSpan(0, second), $",\"{to}\":", line.AsSpan(second + key.Length + 1));
    }

    private static List<JsonObject>[] SplitGpsd(List<string> lines, int count)
    {
        // Output before the first separator belongs to nothing; each separator's report starts the next message.
        var groups = new List<JsonObject>[count + 1];
        var current = -1;
        foreach (var line in lines)
        {
            var json = JsonNode.Parse(RepairGpsd(line))!.AsObject();
            if (json["type"]?.GetValue<int>() == 1 && json["mmsi"]?.GetValue<long>() == 1)
            {
                groups[++current] = [];
            }
            else if (current >= 0)
            {
                groups[current].Add(json);
            }
        }

        if (current != count)
        {
            throw new InvalidOperationException($"gpsdecode printed {current + 1} separators, expected {count + 1}");
        }

        return groups[..count];
    }

    private static List<JsonObject>[] SplitOurs(List<string> lines, int count)
    {
        var groups = new List<JsonObject>[count];
        var current = -1;
        foreach (var line in lines)
        {
            var json = JsonNode.Parse(line)!.AsObject();
            if (json["line"]?.GetValue<string>() is { } echoed && echoed.StartsWith("#case ", StringComparison.Ordinal))
            {
                current = int.Parse(echoed.AsSpan(6), CultureInfo.InvariantCulture);
                groups[current] = [];
                continue;
            }

            groups[current].Add(json);
        }

        return groups;
    }

    private static async Task<List<string>> RunProcessAsync(string fileName, string[] arguments, string input)
    {
        var start = new ProcessStartInfo(fileName, arguments) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var feeding = Task.Run(async () =>
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        });
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        await feeding;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} exited with {process.ExitCode}");
        }

        return lines;
    }
}
