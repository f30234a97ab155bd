using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Ais;
using AisLive.Ais.AisStream;
using AisLive.Server.Alerts;
using AisLive.Server.Commands;
using AisLive.Server.Places;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AisLive.Server.Tests.Alerts.Behaviour;

/// <summary>
/// The behaviour kinds on the real server: the demo's simulated recording replayed through the whole pipeline into
/// PostGIS, with the demo's places and one rule of each new kind, read back through the API.
/// </summary>
public sealed class BehaviourServerTests
{
    [Fact]
    public async Task SimulatedRecording_RaisesEachBehaviourKind_WithEvidence_AndKeepsThePortCall()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aislive-behaviour-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(path, SimulateCommand.Generate(vesselCount: 60, minutes: 40, seed: 7).Select(l => System.Text.Encoding.UTF8.GetString(l)));
        var (database, _) = await AlertScenario.SeedDatabaseAsync(
            [.. DemoScenarios.Behaviour],
            [("ops-anna", "operator")],
            ("Encounter", RuleKinds.Encounter, new JsonObject { ["minutes"] = 5 }),
            ("Loitering", RuleKinds.Loitering, new JsonObject { ["minutes"] = 10 }),
            ("Port calls", RuleKinds.PortCall, []),
            ("Dark", RuleKinds.Dark, []),
            ("Identity", RuleKinds.Identity, []));
        await SeedPlacesAsync(database);
        await using var server = await AlertScenario.StartOnAsync(database, path, new FakeTimeProvider(DateTimeOffset.UtcNow));

        await AlertScenario.WaitForAlertsAsync(server);
        var alerts = (await server.Http.GetFromJsonAsync<List<AlertView>>("/api/alerts?status=all"))!;

        alerts.Select(a => (a.Kind, a.Mmsi, a.Status)).ShouldBe(
            [
                (RuleKinds.Encounter, DemoScenarios.MeetsCarrier, "resolved"), // the carrier steams off at minute 30
                (RuleKinds.Loitering, DemoScenarios.Loiterer, "open"),
                (RuleKinds.Loitering, DemoScenarios.MeetsCarrier, "open"), // drifting at 0.3 kn for 40 minutes is loitering too
                (RuleKinds.PortCall, DemoScenarios.PortCaller, "resolved"), // the arrival, resolved by the departure
                (RuleKinds.PortCall, DemoScenarios.PortCaller, "resolved"), // the departure, news rather than a condition
                (RuleKinds.Dark, DemoScenarios.GoesSilent, "resolved"), // heard again at minute 30
                (RuleKinds.Identity, DemoScenarios.TwoTransmitters, "open"),
            ],
            ignoreOrder: true);

        var encounter = alerts.Single(a => a.Kind == RuleKinds.Encounter);
        encounter.OtherMmsi.ShouldBe(DemoScenarios.Carrier);
        ((double)encounter.Evidence!["closestMeters"]!).ShouldBeInRange(240, 260);
        encounter.Evidence["thresholds"]!["minutes"]!.GetValue<double>().ShouldBe(5);
        encounter.Evidence["fixes"]!.AsArray().ShouldNotBeEmpty();

        var dark = alerts.Single(a => a.Kind == RuleKinds.Dark);
        dark.EvidenceAt.ShouldBeInRange(SimulateCommand.Start.AddMinutes(19.5), SimulateCommand.Start.AddMinutes(21.5)); // silent from minute 10
        ((double)dark.Evidence!["reachMeters"]!).ShouldBeGreaterThan(3_000);

        var identity = alerts.Single(a => a.Kind == RuleKinds.Identity);
        identity.Evidence!["positions"]!.AsArray().Count.ShouldBe(2);
        identity.EvidenceAt.ShouldBeInRange(SimulateCommand.Start.AddMinutes(4), SimulateCommand.Start.AddMinutes(5));

        var speedless = alerts.Single(a => a.Kind == RuleKinds.Loitering && a.Mmsi == DemoScenarios.Loiterer);
        ((double)speedless.Evidence!["averageKnots"]!).ShouldBeLessThan(2);

        // Every call is in the log, by vessel and by place, with its time in port.
        var range = $"from={SimulateCommand.Start:O}&to={SimulateCommand.Start.AddHours(1):O}".Replace("+", "%2B", StringComparison.Ordinal);
        var calls = (await server.Http.GetFromJsonAsync<List<PortCall>>($"/api/vessels/{DemoScenarios.PortCaller}/port-calls?{range}"))!;
        var call = calls.ShouldHaveSingleItem();
        call.PlaceName.ShouldBe("Rotterdam – Maasvlakte");
        call.MinutesInPort!.Value.ShouldBeInRange(20, 30); // in at about minute 1.5, out at about minute 26
        var atPlace = (await server.Http.GetFromJsonAsync<List<PortCall>>($"/api/places/{call.PlaceId}/port-calls?{range}"))!;
        atPlace.Select(c => c.Mmsi).ShouldContain(DemoScenarios.PortCaller);
        atPlace.ShouldNotContain(c => c.Mmsi == DemoScenarios.PortVisitor); // passed through, never stopped: no call

        // A fleet member sees its vessel's calls; nobody sees calls of vessels outside their fleets.
        var anna = server.ClientFor("ops-anna", "operator");
        (await anna.GetAsync($"/api/vessels/{DemoScenarios.PortCaller}/port-calls")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anna.GetAsync($"/api/vessels/{DemoScenarios.Speeder}/port-calls")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        File.Delete(path);
    }

    /// <summary>
    /// Once the rules are loaded the decoder only queues messages of watched vessels, so an encounter's other ship (in no
    /// fleet) and the reception a dark rule learns from must still reach the evaluator. The replay above cannot show it:
    /// a recording read at full speed is queued before the rules are loaded, when everything is passed on.
    /// </summary>
    [Fact]
    public async Task LiveFeed_AfterTheRulesAreLoaded_AVesselInNoFleet_IsStillMet_AndNamed()
    {
        const uint Fleet = 244_990_106;
        const uint Stranger = 636_019_926;
        var t0 = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        var (database, _) = await AlertScenario.SeedDatabaseAsync([Fleet], [("ops-anna", "operator")],
            ("Encounter", RuleKinds.Encounter, new JsonObject { ["minutes"] = 5 }));
        await using var upstream = await FakeAisStreamServer.StartAsync();
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["ConnectionStrings:Postgis"] = database;
        settings["AisStream:StallTimeout"] = "00:05:00";
        await using var server = await AisLiveTestServer.StartAsync(settings);
        await server.Service<AlertInputSink>().WhenRunning.WaitAsync(Wait);
        using var anna = server.ClientFor("ops-anna", "operator");
        await using var stream = await SseClient.ConnectAsync(anna, "/api/alerts/stream");
        var session = await upstream.NextSessionAsync();

        // Its name comes first, before any position (as often as not on the real feed): the alert names it all the same.
        await session.SendAsync(AisStreamWriter.ShipStaticData(new Mmsi(Stranger), new AisStaticData { ShipName = "OCEAN REEFER" }, t0.AddSeconds(-1), 52.30, 3.10366));
        for (var second = 0; second <= 8 * 60; second += 20) // 250 m apart, drifting at 0.3 kn, for 8 minutes of feed time
        {
            await session.SendAsync(Report(Stranger, 52.30, 3.10366, t0.AddSeconds(second)));
            await session.SendAsync(Report(Fleet, 52.30, 3.10, t0.AddSeconds(second + 5)));
        }

        var raised = JsonNode.Parse((await stream.ReadEventAsync("alert", Wait).WaitAsync(Wait)).Data!)!;
        raised["kind"]!.GetValue<string>().ShouldBe(RuleKinds.Encounter);
        raised["mmsi"]!.GetValue<uint>().ShouldBe(Fleet);
        raised["otherMmsi"]!.GetValue<uint>().ShouldBe(Stranger);
        raised["otherName"]!.GetValue<string>().ShouldBe("OCEAN REEFER");
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static byte[] Report(uint mmsi, double lat, double lon, DateTimeOffset at) =>
        AisStreamWriter.PositionReport(new AisMessage { MessageType = 1, Mmsi = new Mmsi(mmsi), Latitude = lat, Longitude = lon, SpeedKnots = 0.3, CourseDegrees = 30 }, at);

    [Fact]
    public async Task Places_AdminsWrite_EveryoneReads_BadAreasAreRefused()
    {
        using var recording = new Recording().Position(244_000_001, DateTimeOffset.UnixEpoch.AddYears(56), 51, 3).Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path });
        var square = AlertScenario.Area([(4.0, 52.0), (4.1, 52.0), (4.1, 52.1), (4.0, 52.1), (4.0, 52.0)]);
        var anna = server.ClientFor("ops-anna", "operator");

        (await anna.PostAsJsonAsync("/api/places", new { name = "Harbour", kind = "port", area = square })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var created = await server.Http.PostAsJsonAsync("/api/places", new { name = "Harbour", kind = "port", area = square, unlocode = "NLXXX" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var place = (await created.Content.ReadFromJsonAsync<Place>())!;
        place.Area["type"]!.GetValue<string>().ShouldBe("Polygon");

        var bow = AlertScenario.Area([(4.0, 52.0), (4.1, 52.1), (4.1, 52.0), (4.0, 52.1), (4.0, 52.0)]); // self-intersecting
        var refused = await server.Http.PostAsJsonAsync("/api/places", new { name = "Bow tie", kind = "port", area = bow });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await server.Http.PostAsJsonAsync("/api/places", new { name = "X", kind = "lighthouse", area = square })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await server.Http.PostAsJsonAsync("/api/places", new { name = "X", kind = "port", area = square, unlocode = "rotterdam" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await anna.GetFromJsonAsync<List<Place>>("/api/places"))!.Single().Name.ShouldBe("Harbour");
        (await server.Http.PutAsJsonAsync($"/api/places/{place.Id}", new { name = "Harbour West", kind = "anchorage", area = square })).StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Service<RuleDirectory>().Current.Places.All.Single().Kind.ShouldBe("anchorage"); // the rules see it at once
        (await server.Http.DeleteAsync($"/api/places/{place.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await server.Http.GetAsync($"/api/places/{place.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        server.Service<RuleDirectory>().Current.Places.All.ShouldBeEmpty();
    }

    private static async Task SeedPlacesAsync(string database)
    {
        await using var dataSource = AisLive.Server.Storage.StorageExtensions.CreateDataSource(database);
        var store = new PlaceStore(dataSource);
        var fixtures = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "fixtures", "demo-places.json");
        foreach (var entry in JsonNode.Parse(await File.ReadAllTextAsync(fixtures))!.AsArray().OfType<JsonObject>())
        {
            await store.InsertAsync(entry["name"]!.GetValue<string>(), entry["kind"]!.GetValue<string>(), entry["unlocode"]?.GetValue<string>(), entry["area"]!.AsObject(), CancellationToken.None);
        }
    }
}
