using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AisLive.Server.Tests.Alerts;

/// <summary>SPEC 10: alerts reach only the fleet's people, and only operators of the alert's fleet acknowledge it.</summary>
public sealed class AlertAudienceTests
{
    private const uint Aground = 244000260;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Rule_WithARecipientOrEscalationTargetOutsideTheFleet_IsRefused()
    {
        using var recording = new Recording().Save();
        await using var server = await AlertScenario.StartAsync(recording.Path, [Aground], [("anna", "operator"), ("ben", "operator")]);
        var fleetId = await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT id FROM fleets");
        var anna = server.ClientFor("anna", "operator");
        JsonObject Rule(JsonArray? recipients = null, JsonArray? to = null) => new()
        {
            ["name"] = "Aground", ["fleetId"] = fleetId, ["kind"] = RuleKinds.NavStatus, ["severity"] = "critical",
            ["parameters"] = new JsonObject { ["statuses"] = new JsonArray(6) },
            ["recipients"] = recipients, ["escalation"] = to is null ? null : new JsonObject { ["after"] = "00:05:00", ["to"] = to },
        };

        var outsider = await anna.PostAsJsonAsync("/api/rules", Rule(recipients: ["anna", "mallory"]));
        var outsideEscalation = await anna.PostAsJsonAsync("/api/rules", Rule(to: ["mallory"]));
        var members = await anna.PostAsJsonAsync("/api/rules", Rule(recipients: ["anna"], to: ["ben"]));

        outsider.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await outsider.Content.ReadAsStringAsync()).ShouldContain("not members: mallory");
        outsideEscalation.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        members.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ViewerOfTheAlertsFleet_WithAnOperatorTokenFromAnotherFleet_CannotAcknowledge()
    {
        using var recording = new Recording().Position(Aground, T0, 51, 3, navStatus: 6).Save();
        await using var server = await AlertScenario.StartAsync(recording.Path, [Aground], [("anna", "operator"), ("vera", "viewer")],
            ("Aground", RuleKinds.NavStatus, new JsonObject { ["statuses"] = new JsonArray(6) }));
        (await server.Http.PostAsJsonAsync("/api/fleets", new { name = "Vera's own", vessels = Array.Empty<uint>(), members = new[] { new { userId = "vera", role = "operator" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await AlertScenario.WaitForAlertsAsync(server);
        var vera = server.ClientFor("vera", "operator"); // an operator token: she operates her own fleet
        var id = (await vera.GetFromJsonAsync<List<AlertView>>("/api/alerts"))!.Single().Id; // a recipient, as a member

        (await vera.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await server.ClientFor("anna", "operator").PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MemberRemovedFromTheFleet_StopsListingStreamingAndAcknowledgingItsAlerts_AtOnce()
    {
        using var recording = new Recording().Position(Aground, T0, 51, 3, navStatus: 6).Save();
        await using var server = await AlertScenario.StartAsync(recording.Path, [Aground], [("anna", "operator"), ("carl", "operator")],
            ("Aground", RuleKinds.NavStatus, new JsonObject { ["statuses"] = new JsonArray(6) }));
        await AlertScenario.WaitForAlertsAsync(server);
        var carl = server.ClientFor("carl", "operator");
        var id = (await carl.GetFromJsonAsync<List<AlertView>>("/api/alerts"))!.Single().Id;
        await using var carlStream = await SseClient.ConnectAsync(carl, "/api/alerts/stream");
        (await carlStream.ReadEventAsync("alert")).Data!.ShouldContain($"\"id\":{id}");
        var fleetId = await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT id FROM fleets");

        var replaced = await server.Http.PutAsJsonAsync($"/api/fleets/{fleetId}", new { name = "Scenario fleet", vessels = new[] { Aground }, members = new[] { new { userId = "anna", role = "operator" } } });
        replaced.StatusCode.ShouldBe(HttpStatusCode.OK);

        (await carl.GetFromJsonAsync<List<AlertView>>("/api/alerts?status=all"))!.ShouldBeEmpty();
        (await carl.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await using var annaStream = await SseClient.ConnectAsync(server.ClientFor("anna", "operator"), "/api/alerts/stream");
        await annaStream.ReadEventAsync("alert");
        (await server.ClientFor("anna", "operator").PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await annaStream.ReadEventAsync("alert-acknowledged"); // delivered to every open stream in the same pass

        // The acknowledgement was not delivered to carl's open stream: the next thing on it is a heartbeat.
        ((FakeTimeProvider)server.Service<TimeProvider>()).Advance(TimeSpan.FromSeconds(15));
        string? line;
        do
        {
            line = await carlStream.ReadLineAsync();
            line.ShouldNotBe("event: alert-acknowledged");
        }
        while (line != ": hb");
    }
}
