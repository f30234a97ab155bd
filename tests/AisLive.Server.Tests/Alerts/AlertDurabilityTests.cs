using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Ais;
using AisLive.Ais.AisStream;
using AisLive.Server.Alerts;
using AisLive.Server.Streaming;
using AisLive.Server.Tests.Infrastructure;
using Npgsql;

namespace AisLive.Server.Tests.Alerts;

/// <summary>SPEC 9.1: no silent loss on the evaluation path, the alerts stream's lifecycle, and alerts across a database outage.</summary>
public sealed class AlertDurabilityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Trait(TestCategories.Name, TestCategories.Load)]
    [Fact]
    public async Task Overload_FarMoreStatesThanTheBound_EveryEpisodeStartAndEnd_WaitsVisibleInStatsAndMetrics()
    {
        const int Vessels = 40;
        const int EpisodesEach = 3;
        var fleet = Enumerable.Range(0, Vessels).Select(i => 244_200_000u + (uint)i).ToArray();
        var (database, _) = await AlertScenario.SeedDatabaseAsync(fleet, [("anna", "operator")], ("Speeding", RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 15 }));
        await using var upstream = await FakeAisStreamServer.StartAsync();
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["ConnectionStrings:Postgis"] = database;
        settings["AisStream:StallTimeout"] = "00:05:00";
        settings["Alerts:QueueCapacity"] = "16"; // far below what arrives at once
        settings["Alerts:OutboxCapacity"] = "16"; // and the database is slower than evaluation: the evaluator waits too
        await using var server = await AisLiveTestServer.StartAsync(settings);
        await server.Service<AlertInputSink>().WhenRunning.WaitAsync(Wait);
        using var http = server.ClientFor("anna", "operator");
        await using var stream = await SseClient.ConnectAsync(http, "/api/alerts/stream", lastEventId: "0");
        var session = await upstream.NextSessionAsync();

        // Each vessel: EpisodesEach times 4 fixes above the limit then 4 below, interleaved with 2,000 other
        // vessels' reports, sent as fast as the socket takes them.
        var at = T0;
        for (var round = 0; round < EpisodesEach * 8; round++)
        {
            var sog = round % 8 < 4 ? 20 : 5;
            foreach (var mmsi in fleet)
            {
                at = at.AddMilliseconds(10);
                await session.SendAsync(Report(mmsi, sog, at));
            }

            for (var other = 0; other < 2_000; other++)
            {
                at = at.AddMilliseconds(1);
                await session.SendAsync(Report(245_000_000u + (uint)other, 30, at));
            }
        }

        var counts = new Dictionary<string, int> { ["alert"] = 0, ["alert-returned"] = 0 }; // nobody acknowledges: each end is alert-returned
        while (counts["alert-returned"] < Vessels * EpisodesEach)
        {
            var message = await stream.ReadEventAsync(Wait) ?? throw new InvalidOperationException("stream ended");
            if (message.Event is { } type && counts.TryGetValue(type, out var count))
            {
                counts[type] = count + 1;
            }
        }

        counts["alert"].ShouldBe(Vessels * EpisodesEach);
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM alerts WHERE status = 'resolved'")).ShouldBe(Vessels * EpisodesEach);
        var stats = (await server.Http.GetFromJsonAsync<JsonObject>("/api/stats"))!["alerts"]!;
        stats["inputWaits"]!.GetValue<long>().ShouldBeGreaterThan(0); // the bound was hit, and held the decoder back
        stats["shed"]!.GetValue<long>().ShouldBe(0);
        stats["trackedVessels"]!.GetValue<int>().ShouldBeLessThanOrEqualTo(Vessels); // never the 2,000 others
        var metrics = await server.Anonymous.GetStringAsync("/metrics"); // from loopback: no token needed
        metrics.ShouldContain("aislive_alerts_input_waits_total");
        metrics.ShouldContain("aislive_alerts_input_shed_total");
    }

    [Trait(TestCategories.Name, TestCategories.Load)]
    [Fact]
    public async Task Reconnect_100000EventsBack_ReceivesAllInOrder_LiveEventsMeanwhile_QueueStaysBounded()
    {
        const int Backlog = 100_000;
        const int LiveAcks = 200;
        using var recording = new Recording().Save();
        var (database, _) = await AlertScenario.SeedDatabaseAsync([], [("anna", "operator")]); // alerts reach anna as a member of their fleet
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgis"] = database,
            ["Replay:Path"] = recording.Path,
            ["Alerts:StreamQueueCapacity"] = "50",
            ["Alerts:StreamPageSize"] = "500",
            ["Security:RequestsPerSecondPerUser"] = "100000",
        });
        await server.Service<AisLive.Server.Storage.DatabaseState>().WaitForMigrationAsync(new CancellationTokenSource(Wait).Token);
        await PostgisDatabase.ExecuteAsync(server.ConnectionString, $"""
            INSERT INTO alerts (rule_id, rule_name, kind, severity, fleet_id, mmsi, message, evidence_at, raised_at, recipients, status, resolved_at)
            VALUES (1, 'old', 'nav-status', 'warning', (SELECT min(id) FROM fleets), 244300000, 'history', now(), now(), '{"{"}anna{"}"}', 'resolved', now());
            INSERT INTO alert_events (alert_id, type, payload, recipients)
            SELECT (SELECT min(id) FROM alerts), 'alert-resolved', jsonb_build_object('n', g), '{"{"}anna{"}"}' FROM generate_series(1, {Backlog}) AS g;
            INSERT INTO alerts (rule_id, rule_name, kind, severity, fleet_id, mmsi, message, evidence_at, raised_at, recipients)
            SELECT 2, 'live', 'nav-status', 'warning', (SELECT min(id) FROM fleets), 244300000 + g, 'to acknowledge', now(), now(), '{"{"}anna{"}"}' FROM generate_series(1, {LiveAcks}) AS g;
            """);
        var anna = server.ClientFor("anna", "operator");
        await using var stream = await SseClient.ConnectAsync(anna, "/api/alerts/stream", lastEventId: "0");
        var ids = new List<long>();
        await ReadAsync(stream, ids, 1_000);

        // While the client is not reading, live events arrive: more than its queue holds.
        var toAcknowledge = (await anna.GetFromJsonAsync<List<AlertView>>("/api/alerts?status=open"))!;
        toAcknowledge.Count.ShouldBe(LiveAcks);
        foreach (var alert in toAcknowledge)
        {
            (await anna.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { })).EnsureSuccessStatusCode();
        }

        server.Service<AlertHub>().QueueDepth().MaxQueued.ShouldBeLessThanOrEqualTo(50);
        await ReadAsync(stream, ids, Backlog + LiveAcks);

        ids.ShouldBeInOrder(SortDirection.Ascending);
        ids.Distinct().Count().ShouldBe(ids.Count);
        ids.Count.ShouldBe(Backlog + LiveAcks);
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT max(seq) FROM alert_events")).ShouldBe(ids[^1]);
    }

    [Fact]
    public async Task ClientAbortsMidReplay_LeavesNoSubscriber()
    {
        using var recording = new Recording().Save();
        var (database, _) = await AlertScenario.SeedDatabaseAsync([], [("anna", "operator")]); // alerts reach anna as a member of their fleet
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Postgis"] = database, ["Replay:Path"] = recording.Path, ["Alerts:StreamPageSize"] = "100" });
        await server.Service<AisLive.Server.Storage.DatabaseState>().WaitForMigrationAsync(new CancellationTokenSource(Wait).Token);
        await PostgisDatabase.ExecuteAsync(server.ConnectionString, """
            INSERT INTO alerts (rule_id, rule_name, kind, severity, fleet_id, mmsi, message, evidence_at, raised_at, recipients, status, resolved_at)
            VALUES (1, 'old', 'nav-status', 'warning', (SELECT min(id) FROM fleets), 244300000, 'history', now(), now(), '{anna}', 'resolved', now());
            INSERT INTO alert_events (alert_id, type, payload, recipients)
            SELECT (SELECT min(id) FROM alerts), 'alert-resolved', jsonb_build_object('n', g), '{anna}' FROM generate_series(1, 50000) AS g;
            """);
        using var gauge = new ConnectionGauge(server.Service<StreamMetrics>());
        var before = gauge.Current("alerts");

        for (var i = 0; i < 5; i++)
        {
            using var http = server.ClientFor("anna", "operator");
#pragma warning disable CA2000 // A false positive of the analyzer: await using disposes the stream on every path out of the loop body.
            await using var stream = await SseClient.ConnectAsync(http, "/api/alerts/stream", lastEventId: "0");
#pragma warning restore CA2000
            await ReadAsync(stream, [], 150 + (i * 37)); // leave in the middle of a page of the replay
        }

        await gauge.WaitForAsync("alerts", before, Wait);
        server.Service<AlertHub>().QueueDepth().Streams.ShouldBe(before);
    }

    [Fact]
    public async Task DatabaseOutage_TransitionsWaitAndArriveInOrder_AStreamOpenedMeanwhileIsToldToRetry()
    {
        const uint BeforeOutage = 244_400_000;
        var fleet = new[] { 244_400_001u, 244_400_002u, 244_400_003u };
        var (direct, _) = await AlertScenario.SeedDatabaseAsync(fleet, [("anna", "operator")], ("Aground", RuleKinds.NavStatus, new JsonObject { ["statuses"] = new JsonArray(6) }));
        await PostgisDatabase.ExecuteAsync(direct, $"INSERT INTO fleet_vessels (fleet_id, mmsi) SELECT id, {BeforeOutage} FROM fleets");
        var target = new NpgsqlConnectionStringBuilder(direct);
        await using var proxy = new TcpFaultProxy(target.Host!, target.Port);
        await using var upstream = await FakeAisStreamServer.StartAsync();
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["ConnectionStrings:Postgis"] = new NpgsqlConnectionStringBuilder(direct) { Port = proxy.Port, Timeout = 3, CommandTimeout = 10 }.ConnectionString;
        settings["AisStream:StallTimeout"] = "00:05:00";
        await using var server = await AisLiveTestServer.StartAsync(settings);
        await server.Service<AlertInputSink>().WhenRunning.WaitAsync(Wait);
        var anna = server.ClientFor("anna", "operator");
        await using var watching = await SseClient.ConnectAsync(anna, "/api/alerts/stream");
        var session = await upstream.NextSessionAsync();
        await session.SendAsync(Report(BeforeOutage, 0, T0, navStatus: 6));
        (await watching.ReadEventAsync("alert", Wait)).Data!.ShouldContain(BeforeOutage.ToString(CultureInfo.InvariantCulture)); // the stream is live

        await proxy.CutAsync();
        for (var i = 0; i < fleet.Length; i++)
        {
            await session.SendAsync(Report(fleet[i], 0, T0.AddSeconds(i + 1), navStatus: 6));
        }

        await using (var opened = await SseClient.ConnectAsync(anna, "/api/alerts/stream"))
        {
            var told = await opened.ReadEventAsync("unavailable", Wait);
            told.Data!.ShouldContain("not reachable");
            opened.Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK); // an EventSource keeps retrying
        }

        proxy.Restore();
        var raised = new List<SseMessage>();
        while (raised.Count < fleet.Length)
        {
            raised.Add(await watching.ReadEventAsync("alert", Wait));
        }
        raised.Select(m => JsonNode.Parse(m.Data!)!["mmsi"]!.GetValue<uint>()).ShouldBe(fleet); // in the order they happened
        raised.Select(m => long.Parse(m.Id!, CultureInfo.InvariantCulture)).ShouldBeInOrder(SortDirection.Ascending);
        await PostgisDatabase.DropAsync(direct);
    }

    private static byte[] Report(uint mmsi, double sog, DateTimeOffset at, int navStatus = 0) =>
        AisStreamWriter.PositionReport(new AisMessage { MessageType = 1, Mmsi = new Mmsi(mmsi), Latitude = 51, Longitude = 3, SpeedKnots = sog, CourseDegrees = 90, NavigationStatus = navStatus }, at);

    /// <summary>Reads alert events until <paramref name="ids"/> holds <paramref name="total"/>, skipping heartbeats.</summary>
    private static async Task ReadAsync(SseClient stream, List<long> ids, int total)
    {
        while (ids.Count < total)
        {
            var message = await stream.ReadEventAsync(Wait) ?? throw new InvalidOperationException($"stream ended after {ids.Count} events");
            if (message.Event is not null && message.Event.StartsWith("alert", StringComparison.Ordinal))
            {
                ids.Add(long.Parse(message.Id!, CultureInfo.InvariantCulture));
            }
        }
    }
}
