using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Ais;
using AisLive.Ais.AisStream;
using AisLive.Server.Alerts;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AisLive.Server.Tests.Alerts.Lifecycle;

/// <summary>SPEC 9.4 on the real server: returned-unacknowledged alerts stay until acknowledged; shelving and out of service park alarms.</summary>
public sealed class AlarmLifecycleTests
{
    private const uint Intruder = 244000950;
    private const uint Trials = 244000951;
    private const uint Other = 244000952;
    private const uint DryDock = 244000953;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task GeofenceEpisode_EndingUnacknowledged_IsReturnedUnacknowledged_AndStaysListedUntilAcknowledged()
    {
        // In the area for two fixes, out again for two: the episode ends before anyone looked.
        using var recording = new Recording()
            .Position(Intruder, T0, 51.5, 2.5).Position(Intruder, T0.AddMinutes(1), 51.05, 3.05).Position(Intruder, T0.AddMinutes(2), 51.06, 3.06)
            .Position(Intruder, T0.AddMinutes(3), 51.5, 2.5).Position(Intruder, T0.AddMinutes(4), 51.6, 2.4).Save();
        var (database, _) = await AlertScenario.SeedDatabaseAsync([Intruder], [("anna", "operator")],
            ("Restricted area", RuleKinds.GeofenceEnter, new JsonObject { ["area"] = AlertScenario.Area([(3.0, 51.0), (3.1, 51.0), (3.1, 51.1), (3.0, 51.1), (3.0, 51.0)]) }));
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, new FakeTimeProvider(DateTimeOffset.UtcNow));
        await AlertScenario.WaitForAlertsAsync(server);
        var anna = server.ClientFor("anna", "operator");

        var listed = (await anna.GetFromJsonAsync<List<AlertView>>("/api/alerts"))!.ShouldHaveSingleItem(); // the default view is the attention list
        listed.State.ShouldBe(AlertStates.ReturnedUnacknowledged);
        listed.Status.ShouldBe("resolved"); // status keeps its meaning: the condition is over
        (await anna.GetFromJsonAsync<List<AlertView>>("/api/alerts?state=returned-unacknowledged"))!.ShouldHaveSingleItem().Id.ShouldBe(listed.Id);
        (await anna.GetFromJsonAsync<List<AlertView>>("/api/alerts?status=open"))!.ShouldBeEmpty();
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM alert_events WHERE type = 'alert-returned'")).ShouldBe(1);
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM alert_events WHERE type = 'alert-resolved'")).ShouldBe(0);

        await using (var stream = await SseClient.ConnectAsync(anna, "/api/alerts/stream"))
        {
            JsonNode.Parse((await stream.ReadEventAsync("alert", Wait).WaitAsync(Wait)).Data!)!["state"]!.GetValue<string>().ShouldBe(AlertStates.ReturnedUnacknowledged); // a page opened later lists it
        }

        var acknowledged = await anna.PostAsJsonAsync($"/api/alerts/{listed.Id}/acknowledge", new { note = "seen on the replay" });
        (await acknowledged.Content.ReadFromJsonAsync<AlertView>())!.State.ShouldBe(AlertStates.Closed);
        (await anna.GetFromJsonAsync<List<AlertView>>("/api/alerts"))!.ShouldBeEmpty();
        (await anna.GetFromJsonAsync<List<AlertView>>("/api/alerts?state=closed"))!.ShouldHaveSingleItem();
        (await anna.GetAsync("/api/alerts?state=sleeping")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ShelvedRuleAndVessel_RaiseNothingNotified_UntilExpiry_ThenDo_AndOutOfServiceRaisesNothing()
    {
        var (database, _) = await AlertScenario.SeedDatabaseAsync([Trials, Other, DryDock], [("anna", "operator"), ("victor", "viewer")],
            ("Speeding", RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 15 }));
        await using var upstream = await FakeAisStreamServer.StartAsync();
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["ConnectionStrings:Postgis"] = database;
        settings["AisStream:StallTimeout"] = "01:00:00"; // the fake clock jumps past the shelf's expiry: the feed must not look stalled
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await AisLiveTestServer.StartAsync(settings, clock);
        await server.Service<AlertInputSink>().WhenRunning.WaitAsync(Wait);
        var anna = server.ClientFor("anna", "operator");
        var victor = server.ClientFor("victor", "viewer");
        await using var stream = await SseClient.ConnectAsync(anna, "/api/alerts/stream");
        var session = await upstream.NextSessionAsync();
        var at = T0;
        async Task Sail(uint mmsi, double knots)
        {
            for (var i = 0; i < 2; i++)
            {
                at = at.AddSeconds(10);
                await session.SendAsync(Report(mmsi, knots, at));
            }
        }

        await Sail(Trials, 20);
        var first = JsonNode.Parse((await stream.ReadEventAsync("alert", Wait).WaitAsync(Wait)).Data!)!;
        var id = first["id"]!.GetValue<long>();
        first["state"]!.GetValue<string>().ShouldBe(AlertStates.Unacknowledged);

        (await victor.PostAsJsonAsync($"/api/alerts/{id}/shelve", new { minutes = 60, reason = "sea trials" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await anna.PostAsJsonAsync($"/api/alerts/{id}/shelve", new { minutes = 60 * 25, reason = "sea trials" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // over Alerts:MaxShelveMinutes
        (await anna.PostAsJsonAsync($"/api/alerts/{id}/shelve", new { minutes = 60 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // no reason
        var shelve = await anna.PostAsJsonAsync($"/api/alerts/{id}/shelve", new { minutes = 30, reason = "sea trials" });
        shelve.StatusCode.ShouldBe(HttpStatusCode.OK);
        var shelved = (await shelve.Content.ReadFromJsonAsync<AlertView>())!;
        shelved.State.ShouldBe(AlertStates.Shelved);
        shelved.ShelvedBy.ShouldBe("anna");
        shelved.ShelvedUntil!.Value.ShouldBe(clock.GetUtcNow().AddMinutes(30), TimeSpan.FromMilliseconds(1)); // microseconds in PostgreSQL
        JsonNode.Parse((await stream.ReadEventAsync("alert-shelved", Wait).WaitAsync(Wait)).Data!)!["reason"]!.GetValue<string>().ShouldBe("sea trials");

        // The shelved one ends (closed by its shelving, nobody is asked) and speeds again: recorded, not notified.
        await Sail(Trials, 5);
        await Sail(Trials, 20);
        await Sail(Other, 20); // notified as usual: the next alert event on the stream is this one
        var next = JsonNode.Parse((await stream.ReadEventAsync("alert", Wait).WaitAsync(Wait)).Data!)!;
        next["mmsi"]!.GetValue<uint>().ShouldBe(Other);
        var parked = (await anna.GetFromJsonAsync<List<AlertView>>("/api/alerts?state=shelved"))!.ShouldHaveSingleItem();
        parked.Mmsi.ShouldBe(Trials);
        parked.Id.ShouldNotBe(id);
        (await anna.GetFromJsonAsync<List<AlertView>>("/api/alerts?state=all"))!.Single(a => a.Id == id).State.ShouldBe(AlertStates.Closed);
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM alert_events WHERE alert_id = {parked.Id}")).ShouldBe(0);

        // Out of service: nothing at all for it in this fleet, until it is back.
        (await victor.PostAsJsonAsync($"/api/fleets/{parked.FleetId}/vessels/{DryDock}/out-of-service", new { reason = "dry dock" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await anna.PostAsJsonAsync($"/api/fleets/{parked.FleetId}/vessels/244999999/out-of-service", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anna.PostAsJsonAsync($"/api/fleets/{parked.FleetId}/vessels/{DryDock}/out-of-service", new { reason = "dry dock" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await victor.GetFromJsonAsync<List<OutOfService>>($"/api/fleets/{parked.FleetId}/out-of-service"))!.ShouldHaveSingleItem().Reason.ShouldBe("dry dock");
        await Sail(DryDock, 20);
        await Sail(Other, 5);
        (await stream.ReadEventAsync("alert-returned", Wait).WaitAsync(Wait)).Data!.ShouldContain(Other.ToString(CultureInfo.InvariantCulture)); // the dry-docked one's was never raised
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM alerts WHERE mmsi = {DryDock}")).ShouldBe(0);
        (await anna.DeleteAsync($"/api/fleets/{parked.FleetId}/vessels/{DryDock}/out-of-service")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await Sail(DryDock, 5);
        await Sail(DryDock, 20);
        var back = await stream.ReadEventAsync("alert", Wait).WaitAsync(Wait);
        JsonNode.Parse(back.Data!)!["mmsi"]!.GetValue<uint>().ShouldBe(DryDock);

        // At expiry the shelf ends by itself: the episode raised under it is told of, still active, for attention. (The page
        // resumes from its last event with a fresh session, as it does after a token's expiry.)
        clock.Advance(TimeSpan.FromMinutes(31));
        await using var resumed = await SseClient.ConnectAsync(server.ClientFor("anna", "operator"), "/api/alerts/stream", lastEventId: back.Id);
        var unshelved = JsonNode.Parse((await resumed.ReadEventAsync("alert-unshelved", Wait).WaitAsync(Wait)).Data!)!;
        unshelved["id"]!.GetValue<long>().ShouldBe(parked.Id);
        unshelved["state"]!.GetValue<string>().ShouldBe(AlertStates.Unacknowledged);
        await Sail(Trials, 5);
        await Sail(Trials, 20);
        (await resumed.ReadEventAsync("alert-returned", Wait).WaitAsync(Wait)).Data!.ShouldContain(parked.Id.ToString(CultureInfo.InvariantCulture));
        JsonNode.Parse((await resumed.ReadEventAsync("alert", Wait).WaitAsync(Wait)).Data!)!["mmsi"]!.GetValue<uint>().ShouldBe(Trials); // notified again
    }

    private static byte[] Report(uint mmsi, double sog, DateTimeOffset at) =>
        AisStreamWriter.PositionReport(new AisMessage { MessageType = 1, Mmsi = new Mmsi(mmsi), Latitude = 51, Longitude = 3, SpeedKnots = sog, CourseDegrees = 90 }, at);
}
