using AisLive.Ais;
using AisLive.Ais.AisStream;

namespace AisLive.Server.Commands;

/// <summary>
/// <c>scripts/aislive simulate --out FILE [--vessels N] [--minutes M] [--seed S]</c>: writes a recording of
/// vessels sailing the southern North Sea lanes as AISStream JSON lines, the project's own demo data.
/// Deterministic for a given seed, so the committed fixture can be re-made byte for byte.
/// </summary>
public static class SimulateCommand
{
    private static readonly (string Name, double Lat, double Lon)[] Ports =
    [
        ("ROTTERDAM", 51.98, 4.05), ("ANTWERP", 51.40, 3.55), ("FELIXSTOWE", 51.93, 1.38), ("IJMUIDEN", 52.47, 4.50),
        ("ZEEBRUGGE", 51.36, 3.18), ("LONDON GATEWAY", 51.50, 1.05), ("DOVER", 51.10, 1.40), ("DUNKERQUE", 51.07, 2.30),
        ("HARWICH", 51.95, 1.30), ("VLISSINGEN", 51.42, 3.60),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync("usage: aislive simulate --out FILE [--vessels 120] [--minutes 15] [--seed 7]");
            return 2;
        }

        var (path, vesselCount, minutes, seed) = options.Value;
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        var vessels = Enumerable.Range(0, vesselCount).Select(i => SimulatedVessel.Create(i, random, Ports)).ToList();
        var lines = new List<(DateTimeOffset At, byte[] Line)>();
        foreach (var vessel in vessels)
        {
            var at = start.AddSeconds(random.Next(0, 30));
            lines.Add((at, AisStreamWriter.ShipStaticData(vessel.Mmsi, vessel.Static, at, vessel.Latitude, vessel.Longitude)));
            while (at < start.AddMinutes(minutes))
            {
                var interval = vessel.Advance(at, random);
                lines.Add((at, AisStreamWriter.PositionReport(vessel.Report(at), at, vessel.Static.ShipName)));
                at += interval;
            }
        }

        await using var output = File.Create(path);
        foreach (var (_, line) in lines.OrderBy(l => l.At))
        {
            await output.WriteAsync(line);
            output.WriteByte((byte)'\n');
        }

        await Console.Out.WriteLineAsync($"wrote {lines.Count} frames from {vesselCount} vessels over {minutes} minutes to {path}");
        return 0;
    }

    private static (string Path, int Vessels, int Minutes, int Seed)? Parse(string[] args)
    {
        string? path = null;
        int vessels = 120, minutes = 15, seed = 7;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var ok = args[i] switch
            {
                "--out" => (path = args[i + 1]) is not null,
                "--vessels" => int.TryParse(args[i + 1], out vessels) && vessels > 0,
                "--minutes" => int.TryParse(args[i + 1], out minutes) && minutes > 0,
                "--seed" => int.TryParse(args[i + 1], out seed),
                _ => false,
            };
            if (!ok)
            {
                return null;
            }
        }

        return path is null || args.Length % 2 != 0 ? null : (path, vessels, minutes, seed);
    }
}
