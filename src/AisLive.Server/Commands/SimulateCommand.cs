using System.IO.Compression;
using AisLive.Ais.AisStream;

namespace AisLive.Server.Commands;

/// <summary>
/// <c>scripts/aislive simulate --out FILE [--vessels N] [--minutes M] [--seed S]</c>: writes a recording of
/// vessels sailing the southern North Sea lanes as AISStream JSON lines (gzipped when FILE ends in .gz),
/// including the <see cref="DemoScenarios"/> vessels. Deterministic for a given seed, so the committed
/// fixture can be re-made byte for byte.
/// </summary>
public static class SimulateCommand
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

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
            await Console.Error.WriteLineAsync("usage: aislive simulate --out FILE[.gz] [--vessels 200] [--minutes 40] [--seed 7]");
            return 2;
        }

        var (path, vesselCount, minutes, seed) = options.Value;
        var lines = Generate(vesselCount, minutes, seed);
        await using var file = File.Create(path);
        await using var output = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.SmallestSize) : (Stream)file;
        foreach (var line in lines)
        {
            await output.WriteAsync(line);
            output.WriteByte((byte)'\n');
        }

        await Console.Out.WriteLineAsync($"wrote {lines.Count} frames from {vesselCount} vessels over {minutes} minutes to {path}");
        return 0;
    }

    /// <summary>The recording's frames in time order.</summary>
    public static List<byte[]> Generate(int vesselCount, int minutes, int seed)
    {
        var random = new Random(seed);
        var end = Start.AddMinutes(minutes);
        var vessels = Enumerable.Range(0, vesselCount).Select(i => SimulatedVessel.Create(i, random, Ports)).ToList();
        vessels.AddRange(ScenarioVessels());
        var lines = new List<(DateTimeOffset At, byte[] Line)>();
        foreach (var vessel in vessels)
        {
            var at = Start.AddSeconds(random.Next(0, 20));
            var nextStatic = at;
            var isSart = vessel.Mmsi.Value == DemoScenarios.Sart;
            while (at < end)
            {
                if (!isSart && at >= nextStatic)
                {
                    lines.Add((at, AisStreamWriter.ShipStaticData(vessel.Mmsi, vessel.Static, at, vessel.Latitude, vessel.Longitude)));
                    nextStatic = at.AddMinutes(6); // class A static data goes out every 6 minutes
                }

                var interval = vessel.Advance(at, random);
                if (!vessel.IsSilent(at))
                {
                    lines.Add((at, AisStreamWriter.PositionReport(vessel.Report(at), at, isSart ? null : vessel.Static.ShipName)));
                    if (isSart && at >= nextStatic)
                    {
                        lines.Add((at, AisStreamWriter.SafetyBroadcast(vessel.Mmsi, "SART ACTIVE", at)));
                        nextStatic = at.AddMinutes(4); // a SART has no static data; it repeats its safety text
                    }
                }

                at += interval;
            }
        }

        return lines.OrderBy(l => l.At).Select(l => l.Line).ToList();
    }

    private static IEnumerable<SimulatedVessel> ScenarioVessels()
    {
        // Heading east along the Maas approach, into the port area at minute 5 and out of it near minute 20.
        yield return SimulatedVessel.Scripted(DemoScenarios.PortVisitor, "HARBOUR RUNNER", 51.96, 3.95, (minute, v) => v.Steer(speed: 10, course: minute < 12 ? 90 : 270));
        yield return SimulatedVessel.Scripted(DemoScenarios.Speeder, "FAST MOVER", 51.70, 2.60, (minute, v) => v.Steer(speed: minute is >= 12 and < 22 ? 28 : 14, course: 60));
        yield return SimulatedVessel.Scripted(DemoScenarios.GoesSilent, "QUIET ONE", 51.60, 2.20, (minute, v) => v.Steer(speed: 12, course: 100, silent: minute is >= 10 and < 30));
        yield return SimulatedVessel.Scripted(DemoScenarios.RunsAground, "STUCK FAST", 51.45, 3.30, (minute, v) => v.Steer(speed: minute >= 15 ? 0 : 9, course: 120, status: minute >= 15 ? 6 : 0));
        yield return SimulatedVessel.Scripted(DemoScenarios.DragsAnchor, "DRIFTER", 51.80, 3.40, (minute, v) => v.Steer(speed: minute >= 15 ? 0.8 : 0, course: 200, status: 1));
        yield return SimulatedVessel.Scripted(DemoScenarios.Sart, "SART", 52.02, 3.90, (minute, v) => v.Steer(speed: 0.6, course: 45, status: 14, silent: minute < 8));
        yield return SimulatedVessel.Scripted(DemoScenarios.MeetsCarrier, "NORDIC TRAWLER", 52.30, 3.10, (minute, v) => v.Steer(speed: 0.3, course: 30, status: 7));
        yield return SimulatedVessel.Scripted(DemoScenarios.Carrier, "OCEAN REEFER", 52.30, 3.10366, (minute, v) => v.Steer(speed: minute < 30 ? 0.3 : 12, course: minute < 30 ? 30 : 0));
        yield return SimulatedVessel.Scripted(DemoScenarios.Loiterer, "SLOW CIRCLE", 52.15, 2.75, (minute, v) => v.Steer(speed: 1, course: minute * 36 % 360));
        yield return SimulatedVessel.Scripted(DemoScenarios.PortCaller, "CALLING CARGO", 51.955, 3.975, (minute, v) => v.Steer(
            speed: minute is >= 5 and < 25 ? 0 : 8, course: minute < 25 ? 90 : 270, status: minute is >= 5 and < 25 ? 5 : 0));
        yield return SimulatedVessel.Scripted(DemoScenarios.TwoTransmitters, "TWIN SIGNAL", 52.05, 3.50, (minute, v) =>
        {
            v.Steer(speed: 10, course: 250);
            if (minute >= 4)
            {
                var (lat, lon) = ((int)(minute * 2) % 2 == 0) ? (52.05, 3.50) : (53.65, 0.45); // off the Maas, or off the Humber
                v.MoveTo(lat, lon);
            }
        });
    }

    private static (string Path, int Vessels, int Minutes, int Seed)? Parse(string[] args)
    {
        string? path = null;
        int vessels = 200, minutes = 40, seed = 7;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var ok = args[i] switch
            {
                "--out" => (path = args[i + 1]) is not null,
                "--vessels" => int.TryParse(args[i + 1], out vessels) && vessels >= 0,
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
