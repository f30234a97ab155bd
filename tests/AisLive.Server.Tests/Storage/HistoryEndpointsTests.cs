using System.Net;
using System.Text.Json.Nodes;
using AisLive.Server.Storage;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AisLive.Server.Tests.Storage;

public sealed class HistoryEndpointsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TrackAndBox_AfterReplay_ReturnTheStoredRowsAsGeoJson()
    {
        using var recording = new Recording().Static(244000040, T0, "TRACKED", "PH1234");
        for (var i = 0; i < 30; i++)
        {
            recording.Position(244000040, T0.AddMinutes(i), 51.0 + (i * 0.01), 3.0 + (i * 0.01));
            recording.Position(244000041, T0.AddMinutes(i), 53.0, 5.0); // outside the box below
        }

        recording.Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path, ["Replay:Rebase"] = "false" });
        await server.WaitForReplayStoredAsync();

        var track = await GetJsonAsync(server, $"/api/vessels/244000040/track?from={Iso(T0)}&to={Iso(T0.AddHours(1))}");
        track["type"]!.GetValue<string>().ShouldBe("Feature");
        track["geometry"]!["type"]!.GetValue<string>().ShouldBe("LineString");
        var coordinates = track["geometry"]!["coordinates"]!.AsArray();
        coordinates.Count.ShouldBe(30);
        coordinates[29]![0]!.GetValue<double>().ShouldBe(3.29, 1e-9);
        coordinates[29]![1]!.GetValue<double>().ShouldBe(51.29, 1e-9);
        track["properties"]!["timestamps"]!.AsArray().Select(t => t!.GetValue<DateTimeOffset>()).ShouldBe(Enumerable.Range(0, 30).Select(i => T0.AddMinutes(i)));

        var pages = new List<JsonNode>();
        string? next = null;
        do
        {
            var page = await GetJsonAsync(server, $"/api/positions?bbox=2.9,50.9,3.5,51.5&from={Iso(T0)}&to={Iso(T0.AddHours(1))}&limit=7" + (next is null ? string.Empty : $"&cursor={next}"));
            page["type"]!.GetValue<string>().ShouldBe("FeatureCollection");
            pages.AddRange(page["features"]!.AsArray().Select(f => f!));
            next = page["next"]?.GetValue<string>();
        }
        while (next is not null);

        pages.Count.ShouldBe(30);
        pages.ShouldAllBe(f => f["properties"]!["mmsi"]!.GetValue<int>() == 244000040);
        pages.Select(f => f["properties"]!["timestamp"]!.GetValue<DateTimeOffset>()).ShouldBeInOrder(SortDirection.Ascending);

        var vessel = await PostgisDatabase.ScalarAsync<string>(server.ConnectionString, "SELECT name || '/' || callsign FROM vessels WHERE mmsi = 244000040");
        vessel.ShouldBe("TRACKED/PH1234");
    }

    [Theory]
    [InlineData("/api/positions?bbox=1,2,3")]
    [InlineData("/api/positions?bbox=3,50,1,52")]
    [InlineData("/api/positions?bbox=1,50,3,52&limit=0")]
    [InlineData("/api/positions?bbox=1,50,3,52&cursor=@@@")]
    [InlineData("/api/positions?bbox=1,50,3,52&from=yesterday")]
    [InlineData("/api/vessels/244000040/track?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z")]
    public async Task History_BadQuery_IsProblemJson(string path)
    {
        using var recording = new Recording().Position(244000042, T0, 51, 3).Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path });

        var response = await server.Http.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Maintenance_DropsPartitionsPastRetention()
    {
        using var recording = new Recording().Position(244000043, T0, 51, 3).Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path, ["Storage:RetentionDays"] = "3" });
        using (var migrated = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await server.Service<DatabaseState>().WaitForMigrationAsync(migrated.Token);
        }

        await PostgisDatabase.ExecuteAsync(server.ConnectionString, "SELECT ensure_position_partitions((now() AT TIME ZONE 'UTC')::date - 10, 2)");

        await server.App.Services.GetServices<IHostedService>().OfType<PartitionMaintenanceWorker>().Single().MaintainAsync(CancellationToken.None);

        // Whoever dropped them (this call or the worker's own first run), the expired days are gone.
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename IN (" +
            "'positions_' || to_char((now() AT TIME ZONE 'UTC')::date - 10, 'YYYYMMDD'), 'positions_' || to_char((now() AT TIME ZONE 'UTC')::date - 9, 'YYYYMMDD'))")).ShouldBe(0);
        var remaining = await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename ~ '^positions_[0-9]{8}$'");
        remaining.ShouldBe(7); // back as far as the retention (3 days, within the pipeline's MaxAge), today, and three days on
    }

    [Fact]
    public async Task PartitionCreation_ManyCallersAtOnce_AllSucceed_EachDayOnce()
    {
        // The worker's own run, an explicit call, or cluster nodes starting together may create the same day at once.
        using var recording = new Recording().Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path });
        using (var migrated = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await server.Service<DatabaseState>().WaitForMigrationAsync(migrated.Token);
        }

        var callers = Enumerable.Range(0, 6).Select(_ => PostgisDatabase.ExecuteAsync(server.ConnectionString, "SELECT ensure_position_partitions((now() AT TIME ZONE 'UTC')::date + 100, 30)"));

        await Task.WhenAll(callers);

        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString,
            "SELECT count(*) FROM pg_tables WHERE tablename ~ '^positions_[0-9]{8}$' AND to_date(substr(tablename, 11), 'YYYYMMDD') >= (now() AT TIME ZONE 'UTC')::date + 100")).ShouldBe(30);
    }

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<JsonNode> GetJsonAsync(AisLiveTestServer server, string path)
    {
        var response = await server.Http.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/geo+json");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task History_ForTenYearsOfTheWholeWorld_IsRefused()
    {
        using var recording = new Recording().Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path });

        using var positions = await server.Http.GetAsync("/api/positions?bbox=-180,-90,180,90&from=2016-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        using var track = await server.Http.GetAsync("/api/vessels/244000042/track?from=2016-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");

        foreach (var response in new[] { positions, track })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadAsStringAsync()).ShouldContain("at most 31 days");
        }
    }

    [Fact]
    public async Task History_ThatTheDatabaseCannotAnswerInTime_Is503_AndStorageGoesOnAfter()
    {
        using var recording = new Recording().Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path, ["Security:HistoryQueryTimeout"] = "00:00:01" });
        using (var migrated = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await server.Service<DatabaseState>().WaitForMigrationAsync(migrated.Token);
        }

        // A lock held elsewhere makes the query wait: the database cancels it at the statement timeout.
        await using (var blocker = new Npgsql.NpgsqlConnection(server.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockAll = new Npgsql.NpgsqlCommand("LOCK TABLE positions IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            {
                await lockAll.ExecuteNonQueryAsync();
            }

            using var slow = await server.Http.GetAsync("/api/positions?bbox=-180,-90,180,90");
            slow.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await slow.Content.ReadAsStringAsync()).ShouldContain("ran past 1 s");
        }

        (await server.Http.GetAsync("/api/positions?bbox=-180,-90,180,90")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
