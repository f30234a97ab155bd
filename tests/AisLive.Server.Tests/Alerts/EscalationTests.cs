using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AisLive.Server.Tests.Alerts;

/// <summary>SPEC 9.2 escalation, on a fake service clock: once, to the right people, never after an acknowledgement, across a restart.</summary>
public sealed class EscalationTests
{
    private const uint Aground = 244000900;
    private const uint AlsoAground = 244000901;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UnacknowledgedAlert_EscalatesOnceToTheRuleTarget_WhoCanThenAcknowledgeIt_AnAcknowledgedOneNever()
    {
        using var recording = new Recording().Position(Aground, T0, 51, 3, navStatus: 6).Position(AlsoAground, T0, 51.1, 3, navStatus: 6).Save();
        var database = await SeedAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, clock);
        await AlertScenario.WaitForAlertsAsync(server);
        var anna = server.ClientFor("anna", "operator");
        var carol = server.ClientFor("carol", "operator");
        var alerts = (await anna.GetFromJsonAsync<List<AlertView>>("/api/alerts"))!;
        alerts.Count.ShouldBe(2);
        (await carol.GetFromJsonAsync<List<AlertView>>("/api/alerts"))!.ShouldBeEmpty(); // not a recipient yet
        var acknowledgedInTime = alerts.Single(a => a.Mmsi == AlsoAground);
        (await anna.PostAsJsonAsync($"/api/alerts/{acknowledgedInTime.Id}/acknowledge", new { note = "tug on its way" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var carolStream = await SseClient.ConnectAsync(carol, "/api/alerts/stream");
        await using var annaStream = await SseClient.ConnectAsync(anna, "/api/alerts/stream");
        (await annaStream.ReadEventAsync("alert")).ShouldNotBeNull(); // anna's open alert (the acknowledged one is listed too)

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(6));

        var escalated = JsonNode.Parse((await carolStream.ReadEventAsync("alert-escalated")).Data!)!;
        var id = alerts.Single(a => a.Mmsi == Aground).Id;
        escalated["alertId"]!.GetValue<long>().ShouldBe(id);
        escalated["escalatedTo"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["carol"]);
        JsonNode.Parse((await annaStream.ReadEventAsync("alert-escalated")).Data!)!["alertId"]!.GetValue<long>().ShouldBe(id);
        var view = (await carol.GetFromJsonAsync<List<AlertView>>("/api/alerts"))!.Single();
        view.Id.ShouldBe(id);
        view.EscalatedTo.ShouldBe(["carol"]);
        view.EscalatedAt.ShouldNotBeNull();
        (await carol.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "calling the master" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromMinutes(30));
        (await carolStream.ReadEventAsync("alert-acknowledged")).ShouldNotBeNull();
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM alert_events WHERE type = 'alert-escalated'")).ShouldBe(1);
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM alerts WHERE escalated_at IS NOT NULL AND mmsi = {AlsoAground}")).ShouldBe(0);
    }

    [Fact]
    public async Task EscalationDeadline_IsStored_SoAProcessStartedAfterItEscalates()
    {
        using var recording = new Recording().Position(Aground, T0, 51, 3, navStatus: 6).Save();
        var database = await SeedAsync();
#pragma warning disable CA2000 // the first server is stopped and disposed by the test itself, before the second starts on the same database
        var first = await AlertScenario.StartOnAsync(database, recording.Path, new FakeTimeProvider(DateTimeOffset.UtcNow));
#pragma warning restore CA2000
        await AlertScenario.WaitForAlertsAsync(first);
        await first.StopAsync();
        await first.App.DisposeAsync();

        using var nothingNew = new Recording().Save();
        await using var second = await AlertScenario.StartOnAsync(database, nothingNew.Path, new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(6)));
        // Resuming from the log's start: the escalation is there whether the first check (at start, already past the
        // deadline, so without waiting for a tick) ran before this connection or after it.
        await using var carolStream = await SseClient.ConnectAsync(second.ClientFor("carol", "operator"), "/api/alerts/stream", lastEventId: "0");
        JsonNode.Parse((await carolStream.ReadEventAsync("alert-escalated")).Data!)!["escalatedTo"]!.AsArray().Count.ShouldBe(1);
    }

    /// <summary>One fleet (anna and carol, operators), one aground rule for anna that escalates to carol after 5 minutes.</summary>
    private static async Task<string> SeedAsync()
    {
        var (database, _) = await AlertScenario.SeedDatabaseAsync([Aground, AlsoAground], [("anna", "operator"), ("carol", "operator")]);
        await using var dataSource = AisLive.Server.Storage.StorageExtensions.CreateDataSource(database);
        var fleetId = await PostgisDatabase.ScalarAsync<long>(database, "SELECT id FROM fleets");
        await new RuleStore(dataSource).InsertAsync(
            new AlertRule(0, "Aground", fleetId, RuleKinds.NavStatus, "critical", new JsonObject { ["statuses"] = new JsonArray(6) }, ["anna"], TimeSpan.Zero, default)
            {
                Escalation = new AlertEscalation(TimeSpan.FromMinutes(5), ["carol"]),
            },
            CancellationToken.None);
        return database;
    }
}
