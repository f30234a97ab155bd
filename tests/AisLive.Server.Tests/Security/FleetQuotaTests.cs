using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Tests.Alerts;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Security;

/// <summary>SPEC 10: rules and channels per fleet, and a rule's parameters, are bounded by settings.</summary>
public sealed class FleetQuotaTests
{
    [Fact]
    public async Task RulesChannelsAndParameters_PastTheirLimits_AreRefused()
    {
        var (database, _) = await AlertScenario.SeedDatabaseAsync([244000280], [("anna", "operator")]);
        using var recording = new Recording().Save();
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null, new Dictionary<string, string?>
        {
            ["Security:MaxRulesPerFleet"] = "2",
            ["Security:MaxChannelsPerFleet"] = "1",
            ["Security:MaxRuleParametersBytes"] = "2048",
        });
        var fleetId = await PostgisDatabase.ScalarAsync<long>(database, "SELECT id FROM fleets");
        var anna = server.ClientFor("anna", "operator");
        JsonObject Rule(JsonObject parameters) => new() { ["name"] = "Fast", ["fleetId"] = fleetId, ["kind"] = RuleKinds.SpeedAbove, ["severity"] = "warning", ["parameters"] = parameters };
        var ring = new JsonArray([.. Enumerable.Range(0, 200).Select(i => (JsonNode)new JsonArray(3 + Math.Cos(i * Math.PI / 100), 51 + Math.Sin(i * Math.PI / 100)))]);
        ring.Add(ring[0]!.DeepClone());

        (await anna.PostAsJsonAsync("/api/rules", Rule(new JsonObject { ["knots"] = 20 }))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var tooLarge = await anna.PostAsJsonAsync("/api/rules", new JsonObject
        {
            ["name"] = "Area", ["fleetId"] = fleetId, ["kind"] = RuleKinds.GeofenceEnter, ["severity"] = "info",
            ["parameters"] = new JsonObject { ["area"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) } },
        });
        (await anna.PostAsJsonAsync("/api/rules", Rule(new JsonObject { ["knots"] = 25 }))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var third = await anna.PostAsJsonAsync("/api/rules", Rule(new JsonObject { ["knots"] = 30 }));
        (await anna.PostAsJsonAsync("/api/channels", new { name = "one", fleetId, url = "https://hooks.example.org/a" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var secondChannel = await anna.PostAsJsonAsync("/api/channels", new { name = "two", fleetId, url = "https://hooks.example.org/b" });

        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        third.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await third.Content.ReadAsStringAsync()).ShouldContain("at most 2 rules");
        secondChannel.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM alert_rules")).ShouldBe(2);
    }
}
