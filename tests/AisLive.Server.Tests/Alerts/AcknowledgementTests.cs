using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AisLive.Server.Tests.Alerts;

public sealed class AcknowledgementTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TwoRecipients_BothSeeTheAlertAndTheAcknowledgementOfOne_SecondAcknowledgementChangesNothing()
    {
        using var recording = new Recording().Position(244000200, T0, 51, 3, navStatus: 6).Save();
        await using var server = await AlertScenario.StartAsync(recording.Path, [244000200], [("anna", "operator"), ("ben", "operator"), ("victor", "viewer")],
            ("Aground", RuleKinds.NavStatus, new JsonObject { ["statuses"] = new JsonArray(6) }));
        await AlertScenario.WaitForAlertsAsync(server);
        var anna = server.ClientFor("anna", "operator");
        var ben = server.ClientFor("ben", "operator");
        await using var annaStream = await SseClient.ConnectAsync(anna, "/api/alerts/stream");
        await using var benStream = await SseClient.ConnectAsync(ben, "/api/alerts/stream");

        var annaAlert = JsonNode.Parse((await annaStream.ReadEventAsync("alert")).Data!)!;
        var benAlert = JsonNode.Parse((await benStream.ReadEventAsync("alert")).Data!)!;
        var id = annaAlert["id"]!.GetValue<long>();
        benAlert["id"]!.GetValue<long>().ShouldBe(id);
        annaAlert["message"]!.GetValue<string>().ShouldContain("aground");

        (await server.ClientFor("victor", "viewer").PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await server.ClientFor("mallory", "operator").PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await anna.PostAsJsonAsync("/api/alerts/999999/acknowledge", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var first = await anna.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "on it" });
        first.StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var stream in new[] { annaStream, benStream })
        {
            var ack = JsonNode.Parse((await stream.ReadEventAsync("alert-acknowledged")).Data!)!;
            ack["alertId"]!.GetValue<long>().ShouldBe(id);
            ack["acknowledgedBy"]!.GetValue<string>().ShouldBe("anna");
            ack["note"]!.GetValue<string>().ShouldBe("on it");
        }

        var second = await ben.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "me too" });
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var unchanged = (await second.Content.ReadFromJsonAsync<AlertView>())!;
        unchanged.AcknowledgedBy.ShouldBe("anna");
        unchanged.Note.ShouldBe("on it");
        unchanged.Status.ShouldBe("acknowledged");

        // Nothing was broadcast for the second acknowledgement: the next thing on the stream is a heartbeat.
        ((FakeTimeProvider)server.Service<TimeProvider>()).Advance(TimeSpan.FromSeconds(15));
        (await benStream.ReadLineAsync()).ShouldBe(": hb");
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM alert_events WHERE type = 'alert-acknowledged'")).ShouldBe(1);
        (await ben.GetFromJsonAsync<List<AlertView>>("/api/alerts?status=acknowledged"))!.Single().Id.ShouldBe(id);
        (await server.ClientFor("mallory", "operator").GetFromJsonAsync<List<AlertView>>("/api/alerts?status=all"))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task Reconnect_WithLastEventId_ReceivesEveryMissedEventInOrder()
    {
        using var recording = new Recording();
        for (var i = 0; i < 25; i++)
        {
            recording.Position(244000300 + (uint)i, T0, 51 + (i * 0.01), 3, navStatus: 6);
        }

        recording.Save();
        await using var server = await AlertScenario.StartAsync(recording.Path, [.. Enumerable.Range(0, 25).Select(i => 244000300u + (uint)i)], [("anna", "operator")],
            ("Aground", RuleKinds.NavStatus, new JsonObject { ["statuses"] = new JsonArray(6) }));
        await AlertScenario.WaitForAlertsAsync(server);
        var anna = server.ClientFor("anna", "operator");
        string lastId;
        await using (var stream = await SseClient.ConnectAsync(anna, "/api/alerts/stream"))
        {
            var snapshot = new List<SseMessage>();
            for (var i = 0; i < 25; i++)
            {
                snapshot.Add(await stream.ReadEventAsync("alert"));
            }

            lastId = snapshot[^1].Id!;
            snapshot.Select(s => s.Id).Distinct().ShouldBe([lastId]); // the snapshot carries the log's end as its id
        }

        // A burst while the client is away.
        var alerts = (await anna.GetFromJsonAsync<List<AlertView>>("/api/alerts"))!.OrderBy(a => a.Id).ToList();
        foreach (var alert in alerts)
        {
            (await server.Http.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note = $"n{alert.Id}" })).EnsureSuccessStatusCode();
        }

        await using var resumed = await SseClient.ConnectAsync(anna, "/api/alerts/stream", lastEventId: lastId);
        var missed = new List<SseMessage>();
        for (var i = 0; i < alerts.Count; i++)
        {
            missed.Add(await resumed.ReadEventAsync("alert-acknowledged"));
        }

        missed.Select(m => JsonNode.Parse(m.Data!)!["alertId"]!.GetValue<long>()).ShouldBe(alerts.Select(a => a.Id));
        missed.Select(m => long.Parse(m.Id!, System.Globalization.CultureInfo.InvariantCulture)).ShouldBeInOrder(SortDirection.Ascending);
        missed.Select(m => m.Id).Distinct().Count().ShouldBe(alerts.Count);
    }
}
