using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Tests.Alerts;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Pipeline;

/// <summary>
/// SPEC 5.1: a report stamped far ahead of (or behind) its receive time never becomes the latest state and never
/// feeds an alert; the vessel follows its next real report. The frames are recorded with their receive times, as
/// <c>scripts/aislive record</c> saves a receiver whose clock is a year out.
/// </summary>
public sealed class BadClockTests
{
    private const uint Clocked = 248000001;
    private const uint Ancient = 248000002;
    private const uint Speeder = 248000003;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Decades = new(1990, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task BadClocks_NeverBecomeTheLatestState_NorFeedAnAlert_AndTheVesselFollowsItsNextRealReport()
    {
        using var recording = new Recording()
            .Received(T0, UpstreamFrames.Position(Clocked, 51.00, 3.0, T0, sog: 5))
            .Received(T0.AddSeconds(10), UpstreamFrames.Position(Clocked, 52.00, 4.0, T0.AddYears(1), sog: 30)) // a year ahead, and speeding
            .Received(T0.AddSeconds(20), UpstreamFrames.Position(Clocked, 52.01, 4.0, T0.AddYears(1).AddSeconds(10), sog: 30))
            .Received(T0.AddSeconds(30), UpstreamFrames.Position(Clocked, 51.01, 3.0, T0.AddSeconds(30), sog: 6))
            .Received(T0.AddSeconds(40), UpstreamFrames.Position(Ancient, 50.00, 2.0, Decades, sog: 30)) // decades back, and speeding
            .Received(T0.AddSeconds(41), UpstreamFrames.Position(Ancient, 50.01, 2.0, Decades.AddSeconds(10), sog: 30))
            .Received(T0.AddSeconds(50), UpstreamFrames.Position(Ancient, 51.20, 3.1, T0.AddSeconds(50), sog: 4))
            .Received(T0.AddSeconds(60), UpstreamFrames.Position(Speeder, 51.50, 3.5, T0.AddSeconds(60), sog: 30)) // really speeding: the one alert
            .Received(T0.AddSeconds(70), UpstreamFrames.Position(Speeder, 51.51, 3.5, T0.AddSeconds(70), sog: 30))
            .Save();
        var (database, _) = await AlertScenario.SeedDatabaseAsync([Clocked, Ancient, Speeder], [("anna", "operator")], ("Fast", RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 20 }));
        var production = new Dictionary<string, string?> { ["Pipeline:MaxFutureSkew"] = "00:05:00", ["Pipeline:MaxAge"] = "7.00:00:00" };
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow), production);
        await AlertScenario.WaitForAlertsAsync(server);

        var clocked = await server.Http.GetFromJsonAsync<JsonNode>($"/api/vessels/{Clocked}");
        clocked!["lat"]!.GetValue<double>().ShouldBe(51.01);
        clocked["timestamp"]!.GetValue<DateTimeOffset>().ShouldBe(T0.AddSeconds(30));
        var ancient = await server.Http.GetFromJsonAsync<JsonNode>($"/api/vessels/{Ancient}");
        ancient!["lat"]!.GetValue<double>().ShouldBe(51.20);

        var alerts = (await server.Http.GetFromJsonAsync<JsonNode>("/api/alerts?status=all"))!.AsArray();
        alerts.Select(a => a!["mmsi"]!.GetValue<long>()).ShouldBe([Speeder]);

        (await PostgisDatabase.ScalarAsync<long>(database, $"SELECT count(*) FROM positions WHERE mmsi IN ({Clocked}, {Ancient})")).ShouldBe(3);
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM positions WHERE ts > now() + interval '1 day' OR ts < '2000-01-01'")).ShouldBe(0);
        (await PostgisDatabase.ScalarAsync<string>(database, "SELECT string_agg(reason, ',' ORDER BY id) FROM rejected_messages WHERE stage = 'validate'"))
            .ShouldBe("timestamp_in_future,timestamp_in_future,timestamp_too_old,timestamp_too_old");
        var stats = await server.Http.GetFromJsonAsync<JsonNode>("/api/stats");
        stats!["badInput"]!["byReason"]!["timestamp_in_future"]!.GetValue<long>().ShouldBe(2);
        stats["badInput"]!["quarantined"]!.GetValue<long>().ShouldBe(4);
    }
}
