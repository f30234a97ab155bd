using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Alerts;

/// <summary>SPEC 9.2 distress beacons: devices in no fleet, critical alerts routed to the rule's fleet, tests only when asked for.</summary>
public sealed class DistressTests
{
    private const uint Sart = 970123456;
    private const uint SartOnTest = 970654321;
    private const uint Ship = 244001000;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ActiveSart_RaisesOneCriticalAlertForTheFleet_TestOnlyWithIncludeTests_ResolvedAfterSilence()
    {
        using var recording = new Recording()
            .Position(Ship, T0, 51.0, 3.0)
            .Position(Sart, T0.AddSeconds(10), 51.2, 3.2, sog: 0, navStatus: 14)
            .SafetyBroadcast(Sart, T0.AddSeconds(20), "SART ACTIVE")
            .Position(Sart, T0.AddMinutes(1), 51.2001, 3.2001, sog: 0, navStatus: 14)
            .SafetyBroadcast(SartOnTest, T0.AddSeconds(30), "SART TEST")
            .Position(SartOnTest, T0.AddSeconds(40), 52.0, 4.0, sog: 0, navStatus: 15);
        for (var minute = 2; minute <= 45; minute++)
        {
            recording.Position(Ship, T0.AddMinutes(minute), 51.0, 3.0 + (minute * 0.001)); // the feed goes on; the SART falls silent
        }

        recording.Save();
        await using var server = await AlertScenario.StartAsync(recording.Path, [Ship], [("anna", "operator")],
            ("Distress", RuleKinds.Distress, new JsonObject()),
            ("Distress drills", RuleKinds.Distress, new JsonObject { ["includeTests"] = true, ["minutes"] = 30 }));
        await AlertScenario.WaitForAlertsAsync(server);

        var alerts = (await server.ClientFor("anna", "operator").GetFromJsonAsync<List<AlertView>>("/api/alerts?status=all"))!;
        var real = alerts.Where(a => a.RuleName == "Distress").ShouldHaveSingleItem();
        real.Mmsi.ShouldBe(Sart);
        real.Severity.ShouldBe("critical");
        real.Kind.ShouldBe(RuleKinds.Distress);
        real.Message.ShouldContain("AIS-SART ACTIVE");
        real.Lat.ShouldBe(51.2);
        real.Status.ShouldBe("resolved"); // silent for 30 minutes of feed time
        real.Recipients.ShouldBe(["anna"]);
        alerts.Where(a => a.RuleName == "Distress drills").Select(a => a.Mmsi).Order().ShouldBe([Sart, SartOnTest]);
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.mmsi = {Sart} AND e.type = 'alert'")).ShouldBe(2);

        // An emergency is never parked (IEC 62923: emergency alarms cannot be silenced away).
        var shelve = await server.ClientFor("anna", "operator").PostAsJsonAsync($"/api/alerts/{real.Id}/shelve", new { minutes = 30, reason = "drill" });
        shelve.StatusCode.ShouldBe(System.Net.HttpStatusCode.Conflict);
        shelve.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
