using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using AisLive.Conformance;

// Runs every case of the NMEA conformance corpus through the real `decode` command in one process and
// compares each stated field. Usage: AisLive.Conformance CORPUS.jsonl AisLive.Server.dll
// With `gpsd`, compares decode with gpsdecode over real captures instead (see GpsdComparison).
if (args.Length >= 3 && args[0] == "gpsd")
{
    return await GpsdComparison.RunAsync(args[1], args[2..]);
}

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: AisLive.Conformance CORPUS.jsonl AisLive.Server.dll | AisLive.Conformance gpsd AisLive.Server.dll CAPTURE...");
    return 2;
}

var cases = File.ReadLines(args[0]).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

// Each case is preceded by a marker line; decode reports it as a non-AIS line, echoing it, which splits
// the output back into cases without changing decode's output format.
var input = new StringBuilder();
for (var i = 0; i < cases.Count; i++)
{
    input.Append("#case ").Append(i).Append('\n');
    foreach (var sentence in cases[i]["sentences"]!.AsArray())
    {
        input.Append(sentence!.GetValue<string>()).Append('\n');
    }
}

var start = new ProcessStartInfo("dotnet", [args[1], "decode"]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
using var process = Process.Start(start)!;
var feeding = Task.Run(async () =>
{
    await process.StandardInput.WriteAsync(input.ToString());
    process.StandardInput.Close();
});
var outputs = new List<JsonObject>[cases.Count];
var current = -1;
while (await process.StandardOutput.ReadLineAsync() is { } line)
{
    var json = JsonNode.Parse(line)!.AsObject();
    if (json["line"]?.GetValue<string>() is { } echoed && echoed.StartsWith("#case ", StringComparison.Ordinal))
    {
        current = int.Parse(echoed.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture);
        outputs[current] = [];
        continue;
    }

    outputs[current].Add(json);
}

await feeding;
await process.WaitForExitAsync();
if (process.ExitCode != 0)
{
    Console.Error.WriteLine($"decode exited with {process.ExitCode}");
    return 1;
}

var failures = new List<string>();
var fieldsCompared = 0;
for (var i = 0; i < cases.Count; i++)
{
    var expected = cases[i]["expected"]!.AsObject();
    var messages = (outputs[i] ?? []).Where(o => !o.ContainsKey("error")).ToList();
    if (expected["error"]?.GetValue<bool>() == true)
    {
        if (messages.Count > 0)
        {
            failures.Add($"case {i}: expected no message ({expected["reason"]}), got {messages[0].ToJsonString()}");
        }

        continue;
    }

    if (messages.Count != 1)
    {
        failures.Add($"case {i}: expected one message, got {messages.Count}: {string.Join(" | ", (outputs[i] ?? []).Select(o => o.ToJsonString()))}");
        continue;
    }

    foreach (var (name, value) in expected)
    {
        fieldsCompared++;
        var outputName = FieldNames.ToDecodeName(name);
        if (!messages[0].TryGetPropertyValue(outputName, out var actual))
        {
            failures.Add($"case {i}: field {outputName} missing (expected {value?.ToJsonString() ?? "null"}) in {messages[0].ToJsonString()}");
        }
        else if (!FieldNames.ValuesEqual(value, actual))
        {
            failures.Add($"case {i}: {outputName} = {actual?.ToJsonString() ?? "null"}, expected {value?.ToJsonString() ?? "null"} ({cases[i]["sentences"]![0]})");
        }
    }
}

foreach (var failure in failures.Take(40))
{
    Console.WriteLine(failure);
}

Console.WriteLine($"conformance: {cases.Count - failures.Select(f => f.Split(':')[0]).Distinct().Count()} passed, {failures.Select(f => f.Split(':')[0]).Distinct().Count()} failed ({fieldsCompared} fields compared, {cases.Count} cases)");
return failures.Count == 0 ? 0 : 1;
