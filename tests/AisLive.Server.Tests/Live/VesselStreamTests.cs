using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AisLive.Server.Live;
using AisLive.Server.Pipeline;
using AisLive.Server.Storage;
using AisLive.Server.Tests.Infrastructure;
using AisLive.Server.Vessels;
using Microsoft.Extensions.Time.Testing;

namespace AisLive.Server.Tests.Live;

public sealed class VesselStreamTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Replay_WithClientConnected_StreamsEveryPositionAndStoresEveryRow()
    {
        using var recording = new Recording()
            .Static(244000001, T0, "TEST VESSEL")
            .Position(244000001, T0.AddSeconds(1), 51.90, 3.90)
            .Position(244000002, T0.AddSeconds(1), 52.10, 4.10)
            .Raw(T0.AddSeconds(5), """{"Message":{"PositionReport":{"Cog":""")
            .Position(244000001, T0.AddSeconds(11), 51.91, 3.92)
            .Position(244000002, T0.AddSeconds(12), 52.11, 4.12)
            .Position(244000001, T0.AddSeconds(21), 51.92, 3.94)
            .Save();
        var time = new FakeTimeProvider(T0);
        await using var server = await AisLiveTestServer.StartAsync(Settings(recording, speed: 1), time);
        await using var client = await SseClient.ConnectAsync(server.Http, "/api/vessels/244000001/stream");

        (await client.ReadLineAsync()).ShouldBe("retry: 3000");
        var received = new List<(string Id, VesselState State)>();
        foreach (var step in new[] { 1, 10, 10 })
        {
            time.Advance(TimeSpan.FromSeconds(step));
            var message = await client.ReadEventAsync("position");
            received.Add((message.Id!, JsonSerializer.Deserialize(message.Data!, LiveJsonContext.Default.VesselState)!));
        }

        var expected = recording.Positions.Where(p => p.Mmsi.Value == 244000001).ToList();
        received.Select(r => (r.State.Lat, r.State.Lon)).ShouldBe(expected.Select(p => ((double?)p.Lat, (double?)p.Lon)));
        received.Select(r => r.State.Timestamp).ShouldBe(expected.Select(p => (DateTimeOffset?)p.At));
        received.ShouldAllBe(r => r.State.Name == "TEST VESSEL" && r.State.Length == 120);
        var sequences = received.Select(r => long.Parse(r.Id.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        sequences.ShouldBeInOrder(SortDirection.Ascending);
        received.Select(r => r.Id.Split('-')[0]).Distinct().ShouldBe([server.Service<LiveHub>().Epoch]);

        await server.StopAsync(); // graceful stop: whatever was received must now be in PostGIS
        var rows = await ReadPositionsAsync(server.ConnectionString);
        rows.ShouldBe(recording.Positions.Select(p => (p.Mmsi.Value, p.At, p.Lat, p.Lon)).OrderBy(p => p.Value).ThenBy(p => p.At).ToList());
        server.Service<PipelineMetrics>().DecodeErrors.ShouldBe(1);
    }

    [Fact]
    public async Task Stream_WhenIdle_SendsHeartbeats_AsACommentAndAnEventThePageCanSee()
    {
        using var recording = new Recording().Position(244000003, T0, 51.5, 3.5).Save();
        var time = new FakeTimeProvider(T0);
        await using var server = await AisLiveTestServer.StartAsync(Settings(recording, speed: 0), time);
        await using var client = await SseClient.ConnectAsync(server.Http, "/api/vessels/244000099/stream");

        client.Response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        client.Response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        client.Response.Headers.GetValues("X-Accel-Buffering").ShouldBe(["no"]);
        (await client.ReadLineAsync()).ShouldBe("retry: 3000");
        (await client.ReadLineAsync()).ShouldBe(string.Empty);
        var first = (await client.ReadEventAsync()).ShouldNotBeNull(); // a heartbeat at once, saying how often the next ones come
        first.Event.ShouldBe("heartbeat");
        first.Data.ShouldBe("""{"intervalMs":15000}""");
        (await client.ReadEventAsync()).ShouldNotBeNull().Event.ShouldBe("feed"); // the feed's state comes first, so a map can show it
        time.Advance(TimeSpan.FromSeconds(15));
        (await client.ReadLineAsync()).ShouldBe(": hb");
        (await client.ReadLineAsync()).ShouldBe("event: heartbeat");
    }

    [Fact]
    public async Task Stream_ResumingInSameEpoch_SendsOnlyNewerChanges_AndAnotherEpochGetsReset()
    {
        using var recording = new Recording().Position(244000004, T0, 51.0, 3.0).Save();
        var time = new FakeTimeProvider(T0);
        await using var server = await AisLiveTestServer.StartAsync(Settings(recording, speed: 0), time);
        await using var first = await SseClient.ConnectAsync(server.Http, "/api/vessels/244000004/stream");
        var snapshot = await first.ReadEventAsync("position");

        await using var resumed = await SseClient.ConnectAsync(server.Http, "/api/vessels/244000004/stream", lastEventId: snapshot.Id);
        (await resumed.ReadLineAsync()).ShouldBe("retry: 3000");
        (await resumed.ReadLineAsync()).ShouldBe(string.Empty);
        (await resumed.ReadEventAsync()).ShouldNotBeNull().Event.ShouldBe("heartbeat");
        (await resumed.ReadEventAsync()).ShouldNotBeNull().Event.ShouldBe("feed");
        time.Advance(TimeSpan.FromSeconds(15));
        (await resumed.ReadLineAsync()).ShouldBe(": hb"); // nothing was replayed: the client was up to date

        await using var stale = await SseClient.ConnectAsync(server.Http, "/api/vessels/244000004/stream", lastEventId: "1-5");
        (await stale.ReadEventAsync("reset")).Event.ShouldBe("reset");
        (await stale.ReadEventAsync("position")).Id.ShouldBe(snapshot.Id);
    }

    [Fact]
    public async Task GetVessel_KnownUnknownAndInvalid_AnswersStateOrProblem()
    {
        using var recording = new Recording().Position(244000005, T0, 50.5, 2.5).Save();
        await using var server = await AisLiveTestServer.StartAsync(Settings(recording, speed: 0));
        await using (var stream = await SseClient.ConnectAsync(server.Http, "/api/vessels/244000005/stream"))
        {
            await stream.ReadEventAsync("position"); // the replay has reached the cache
        }

        var known = await server.Http.GetFromJsonAsync("/api/vessels/244000005", LiveJsonContext.Default.VesselState);
        known!.Lat.ShouldBe(50.5);
        var unknown = await server.Http.GetAsync("/api/vessels/244000999");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var invalid = await server.Http.GetAsync("/api/vessels/12ab");
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadAsStringAsync()).ShouldContain("Invalid MMSI");
    }

    [Fact]
    public async Task Ready_OnceSchemaMigrated_AnswersHealthy()
    {
        using var recording = new Recording().Position(244000006, T0, 50.5, 2.5).Save();
        await using var server = await AisLiveTestServer.StartAsync(Settings(recording, speed: 0));
        using (var migrated = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await server.Service<DatabaseState>().WaitForMigrationAsync(migrated.Token);
        }

        (await server.Http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await server.Http.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        var tables = await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'positions_2%'");
        tables.ShouldBeGreaterThanOrEqualTo(4);
    }

    private static Dictionary<string, string?> Settings(Recording recording, double speed) => new()
    {
        ["Replay:Path"] = recording.Path,
        ["Replay:Speed"] = speed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Replay:Rebase"] = "false",
    };

    private static async Task<List<(uint Mmsi, DateTimeOffset At, double Lat, double Lon)>> ReadPositionsAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT mmsi, ts, ST_Y(geom), ST_X(geom) FROM positions ORDER BY mmsi, ts", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(uint, DateTimeOffset, double, double)>();
        while (await reader.ReadAsync())
        {
            rows.Add(((uint)reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetDouble(2), reader.GetDouble(3)));
        }

        return rows;
    }
}
