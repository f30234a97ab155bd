using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Ais;
using AisLive.Ais.AisStream;
using AisLive.Testing;

namespace AisLive.LoadTest;

/// <summary>
/// <c>load behaviour</c>: the behaviour rules' cost in the real server process. A world-shaped feed (100,000 vessels
/// around 2,000 hot spots, four in ten within 2 km of one) is sent at the chosen rate twice: first with no rules, then
/// with an encounter and a dark rule on a 5,000-vessel fleet. The difference in the server's CPU time per message is
/// what evaluating them costs, end to end (decode, merge, grid, pairs, sweeps, allocations); the evaluator's stats say
/// whether it kept up (no back-pressure waits, an empty queue). On two cores shared with PostgreSQL the run-to-run
/// noise is a few µs a message, more than the rules cost (BehaviourEvaluationBenchmarks measures that alone).
/// </summary>
public static class BehaviourLoad
{
    public const int World = 100_000;
    public const int FleetVessels = 5_000;

    public static async Task RunAsync(HttpClient http, FakeSession session, int serverPid, int rate, int seconds)
    {
        Console.WriteLine($"behaviour: {rate} msgs/s for {seconds} s per run, {World:N0} vessels, encounter + dark on {FleetVessels:N0} of them");
        var positions = Positions();
        var fleet = Enumerable.Range(0, FleetVessels).Select(i => Mmsi(i * (World / FleetVessels))).ToArray();
        var created = await http.PostAsJsonAsync("/api/fleets", new { name = "watched", vessels = fleet });
        created.EnsureSuccessStatusCode();
        var fleetId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();

        Console.WriteLine("warming up for 10 s (JIT, the first partitions, the cache), not measured");
        var (_, warm) = await SendAsync(session, serverPid, rate, 10, positions, 0);
        Console.WriteLine("run 1 of 2: no rules");
        var (without, sentWithout) = await SendAsync(session, serverPid, rate, seconds, positions, warm);
        foreach (var kind in new[] { "encounter", "dark" })
        {
            (await http.PostAsJsonAsync("/api/rules", new { name = kind, fleetId, kind, severity = "warning", parameters = new JsonObject() })).EnsureSuccessStatusCode();
        }

        Console.WriteLine("run 2 of 2: encounter and dark rules on the fleet");
        var (with, sentWith) = await SendAsync(session, serverPid, rate, seconds, positions, warm + sentWithout);
        var stats = (await http.GetFromJsonAsync<JsonObject>("/api/stats"))!["alerts"]!;
        var perMessageWithout = without.TotalMilliseconds * 1000 / sentWithout;
        var perMessageWith = with.TotalMilliseconds * 1000 / sentWith;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            server CPU per message: {perMessageWithout:F1} µs without rules, {perMessageWith:F1} µs with them: evaluation adds {perMessageWith - perMessageWithout:F1} µs a message
            evaluator: {stats["trackedVessels"]} watched vessels tracked, {stats["openEpisodes"]} open episodes, {stats["queued"]} queued, {stats["inputWaits"]} back-pressure waits, {stats["shed"]} shed
            """));
    }

    private static async Task<(TimeSpan Cpu, long Sent)> SendAsync(FakeSession session, int pid, int rate, int seconds, (double Lat, double Lon, double Course)[] positions, long offset)
    {
        var before = ProcessStats.Read(pid);
        var meters = 10 * 1852 / 3600.0 * (World / (double)rate); // 10 kn since the vessel's last report
        var (sent, _) = await Pacer.RunAsync(rate, seconds, (n, at) =>
        {
            var v = (int)((n + offset) % World);
            ref var p = ref positions[v];
            p.Lat = Math.Clamp(p.Lat + (meters * Math.Cos(p.Course) / 111_320), -85, 85);
            p.Lon = ((p.Lon + (meters * Math.Sin(p.Course) / (111_320 * Math.Cos(p.Lat * Math.PI / 180))) + 540) % 360) - 180;
            return session.SendAsync(AisStreamWriter.PositionReport(
                new AisMessage { MessageType = 1, Mmsi = new Mmsi(Mmsi(v)), Latitude = Math.Round(p.Lat, 5), Longitude = Math.Round(p.Lon, 5), SpeedKnots = 10, CourseDegrees = 90, NavigationStatus = 0 }, at));
        });
        await Task.Delay(TimeSpan.FromSeconds(3)); // what was queued is decoded and evaluated before the reading
        return (ProcessStats.Read(pid).CpuTime - before.CpuTime, sent);
    }

    private static (double Lat, double Lon, double Course)[] Positions()
    {
        var random = new Random(5);
        var spots = Enumerable.Range(0, 2_000).Select(_ => (Lat: -60 + (random.NextDouble() * 120), Lon: -180 + (random.NextDouble() * 360))).ToArray();
        return [.. Enumerable.Range(0, World).Select(_ =>
        {
            var spot = spots[random.Next(spots.Length)];
            var spread = random.Next(10) < 4 ? 0.02 : 0.3;
            return (spot.Lat + (Gaussian(random) * spread), spot.Lon + (Gaussian(random) * spread), random.NextDouble() * 2 * Math.PI);
        })];
    }

    private static uint Mmsi(int index) => 200_000_000u + (uint)index;

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
