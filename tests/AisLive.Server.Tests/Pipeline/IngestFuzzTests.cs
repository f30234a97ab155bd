using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Storage;
using AisLive.Server.Storage.Journal;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Pipeline;

/// <summary>
/// SPEC 5.1 and 14 ("bad input"): thousands of mutated real frames through a running server on a real PostGIS,
/// between the reports of canary vessels. Every canary report is stored, each canary's live state is its latest
/// report, nothing reaches the API with a control character, the service is ready and not degraded, and a restart
/// replays nothing.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Load)]
public sealed class IngestFuzzTests
{
    private const int Seed = 20261203;
    private const int BadFrames = 4_000;
    private const int Canaries = 20;
    private const int ReportsPerCanary = 10;
    private const uint FirstCanary = 257999001;
    private const uint Marker = 257999999;

    [Fact]
    public async Task MutatedRealFrames_BetweenCanaryReports_StopNothing_CorruptNothing_AndReplayNothing()
    {
        var mutator = new FrameMutator(Seed, RealJsonFrames(), RealNmeaLines());
        await using var upstream = await FakeAisStreamServer.StartAsync();
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["AisStream:StallTimeout"] = "00:00:30";
        settings["Pipeline:MaxFutureSkew"] = "00:05:00"; // the production defaults, not the suite's (fixed-date) ones
        settings["Pipeline:MaxAge"] = "7.00:00:00";
        settings["Storage:JournalPath"] = Path.Combine(Path.GetTempPath(), $"aislive-journal-{Guid.NewGuid():N}");
        settings["ConnectionStrings:Postgis"] = await PostgisDatabase.CreateAsync();
#pragma warning disable CA2000 // the first server is stopped and disposed by the test itself, before the second starts on the same database
        var first = await AisLiveTestServer.StartAsync(settings);
#pragma warning restore CA2000
        using (var migrated = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await first.Service<DatabaseState>().WaitForMigrationAsync(migrated.Token);
        }

        await using var marker = await SseClient.ConnectAsync(first.Http, $"/api/vessels/{Marker}/stream");
        var session = await upstream.NextSessionAsync();

        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600);
        var last = new (double Lat, double Lon)[Canaries];
        var interval = BadFrames / (Canaries * ReportsPerCanary);
        for (var i = 0; i < BadFrames; i++)
        {
            await session.SendAsync(mutator.Next(avoidMmsiPrefix: "257999"));
            if (i % interval == 0)
            {
                var n = i / interval;
                var canary = n % Canaries;
                last[canary] = (51 + n * 0.001, 3 + canary * 0.01);
                await session.SendAsync(UpstreamFrames.Position(FirstCanary + (uint)canary, last[canary].Lat, last[canary].Lon, start.AddSeconds(n), sog: 8));
            }
        }

        await session.SendAsync(UpstreamFrames.Position(Marker, 52, 4, start.AddSeconds(Canaries * ReportsPerCanary)));
        await marker.ReadEventAsync("position", TimeSpan.FromSeconds(60)); // every frame before it has been decoded

        // The live states are the canaries' latest reports, and nothing the API serves holds a control character.
        for (var c = 0; c < Canaries; c++)
        {
            var state = await first.Http.GetFromJsonAsync<JsonNode>($"/api/vessels/{FirstCanary + c}");
            (state!["lat"]!.GetValue<double>(), state["lon"]!.GetValue<double>()).ShouldBe(last[c]);
        }

        var everything = await first.Http.GetStringAsync("/api/vessels?bbox=-180,-90,180,90");
        ControlCharacters(JsonNode.Parse(everything)).ShouldBeEmpty();
        var stats = (await first.Http.GetFromJsonAsync<JsonNode>("/api/stats"))!;
        stats["decodeErrors"]!.GetValue<long>().ShouldBeGreaterThan(0);
        stats["rejected"]!.GetValue<long>().ShouldBeGreaterThan(0);
        stats["badInput"]!["textCleaned"]!.GetValue<long>().ShouldBeGreaterThan(0);
        stats["badInput"]!["rowsRefused"]!.GetValue<long>().ShouldBe(0); // cleaned before storage: the database refuses nothing
        (await Ready(first)).ShouldBe("Healthy");
        await first.StopAsync(); // what was received is committed before exit
        await first.App.DisposeAsync();

        // Every canary report is stored once; no stored text holds a control character; nothing is replayed.
        var database = settings["ConnectionStrings:Postgis"]!;
        (await PostgisDatabase.ScalarAsync<long>(database, $"SELECT count(*) FROM positions WHERE mmsi BETWEEN {FirstCanary} AND {FirstCanary + Canaries - 1}"))
            .ShouldBe(Canaries * ReportsPerCanary);
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM vessels WHERE name ~ '[[:cntrl:]]' OR callsign ~ '[[:cntrl:]]' OR destination ~ '[[:cntrl:]]'"))
            .ShouldBe(0);
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM rejected_messages")).ShouldBeGreaterThan(0);
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM positions WHERE ts > now() + interval '5 minutes' OR ts < now() - interval '8 days'")).ShouldBe(0);
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM positions_default")).ShouldBe(0); // every stored row is in a day partition

        settings["Ingest:Source"] = "replay";
        settings["Replay:Path"] = "/dev/null";
        await using var second = await AisLiveTestServer.StartAsync(settings);
        await second.WaitForReplayStoredAsync();
        second.Service<WriteAheadJournal>().RecoveredBacklogBytes.ShouldBe(0);
        second.Service<StorageMetrics>().RowsRefusedCount.ShouldBe(0);
        second.Service<DatabaseState>().IsReachable.ShouldBeTrue();
        (await Ready(second)).ShouldNotBe("Unhealthy"); // ready; alert evaluation may still be restoring this early, which is "degraded" by design
    }

    private static async Task<string> Ready(AisLiveTestServer server)
    {
        using var response = await server.Http.GetAsync("/health/ready");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync(); // the health report's status: Healthy, Degraded or Unhealthy
    }

    /// <summary>Every string in the document (values and names) that holds a control or format character.</summary>
    private static List<string> ControlCharacters(JsonNode? node) => node switch
    {
        JsonObject o => [.. o.SelectMany(p => ControlCharacters(p.Value).Concat(HasControl(p.Key) ? [p.Key] : []))],
        JsonArray a => [.. a.SelectMany(ControlCharacters)],
        JsonValue v when v.TryGetValue<string>(out var s) && HasControl(s) => [s],
        _ => [],
    };

    private static bool HasControl(string s) => s.Any(c => char.IsControl(c) || char.IsSurrogate(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);

    /// <summary>The corpus's real frames, restamped to a few minutes ago (they were recorded in 2023, which is itself a clock too old).</summary>
    private static List<string> RealJsonFrames()
    {
        var recent = DateTimeOffset.UtcNow.AddMinutes(-5).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff '+0000 UTC'", System.Globalization.CultureInfo.InvariantCulture);
        return [.. File.ReadLines(CorpusPaths.AisStream("samples.jsonl"))
            .Where(l => l.StartsWith("{\"Message\"", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"time_utc\":\\s*\"[^\"]*\"", $"\"time_utc\":\"{recent}\""))];
    }

    private static List<string> RealNmeaLines() =>
        [.. File.ReadLines(CorpusPaths.Nmea("raw-dma-aislib-stream_example.nmea")).Where(l => l.StartsWith("!AIVDM", StringComparison.Ordinal))];
}
