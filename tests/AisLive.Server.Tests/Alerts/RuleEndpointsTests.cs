using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Tests.Fleets;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Alerts;

public sealed class RuleEndpointsTests
{
    [Fact]
    public async Task Rules_OperatorsOfTheFleetEdit_ViewersRead_OthersAreRefused()
    {
        using var recording = new Recording().Position(244000500, DateTimeOffset.UnixEpoch.AddYears(56), 51, 3).Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path, ["Security:MaxPolygonVertices"] = "10" });
        var fleet = await FleetApi.CreateAsync(server.Http, "Rules", [244000500], ("anna", "operator"), ("victor", "viewer"));
        var anna = server.ClientFor("anna", "operator");
        var victor = server.ClientFor("victor", "viewer");
        var rule = new { name = "Fast", fleetId = fleet, kind = "speed-above", severity = "critical", parameters = new { knots = 20 }, cooldown = "00:05:00" };

        (await victor.PostAsJsonAsync("/api/rules", rule)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await server.ClientFor("mallory", "operator").PostAsJsonAsync("/api/rules", rule)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var created = await anna.PostAsJsonAsync("/api/rules", rule);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        (await victor.GetFromJsonAsync<JsonArray>("/api/rules"))!.Count.ShouldBe(1);
        (await server.ClientFor("mallory", "operator").GetFromJsonAsync<JsonArray>("/api/rules"))!.ShouldBeEmpty();
        (await victor.DeleteAsync($"/api/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await anna.PutAsJsonAsync($"/api/rules/{id}", rule with { name = "Faster" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anna.DeleteAsync($"/api/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await anna.GetAsync($"/api/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("speed-above", """{"knots": -3}""")]
    [InlineData("signal-lost", """{}""")]
    [InlineData("nav-status", """{"statuses": [16]}""")]
    [InlineData("teleport", """{}""")]
    [InlineData("geofence-enter", """{"area": {"type": "Point", "coordinates": [3, 51]}}""")]
    [InlineData("geofence-enter", """{"area": {"type": "Polygon", "coordinates": [[[3,51],[4,51],[4,52],[3,52]]]}}""")]
    [InlineData("geofence-exit", """{"area": {"type": "Polygon", "coordinates": [[[3,51],[4,52],[4,51],[3,52],[3,51]]]}}""")]
    [InlineData("geofence-exit", """{"area": {"type": "Polygon", "coordinates": [[[3,51],[3.1,51],[3.2,51],[3.3,51],[3.4,51],[3.5,51],[3.6,51],[4,52],[3.8,52],[3.5,52],[3,52],[3,51]]]}}""")]
    public async Task Create_InvalidParameters_IsProblemJson400(string kind, string parameters)
    {
        using var recording = new Recording().Position(244000501, DateTimeOffset.UnixEpoch.AddYears(56), 51, 3).Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path, ["Security:MaxPolygonVertices"] = "10" });
        var fleet = await FleetApi.CreateAsync(server.Http, "Rules", [244000501]);

        using var body = new StringContent(
            $$"""{"name":"r","fleetId":{{fleet}},"kind":"{{kind}}","severity":"info","parameters":{{parameters}}}""", System.Text.Encoding.UTF8, "application/json");
        var response = await server.Http.PostAsync("/api/rules", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
