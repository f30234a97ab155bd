using System.Diagnostics;
using AisLive.Server.Ingest;
using AisLive.Server.Storage;
using AisLive.Server.Tests.Infrastructure;
using Npgsql;

namespace AisLive.Server.Tests.Storage;

/// <summary>SPEC section 13: a 60 s database outage under 2,000 messages/s loses nothing and duplicates nothing.</summary>
[Trait(TestCategories.Name, TestCategories.Load)]
public sealed class DatabaseOutageTests
{
    private const int RatePerSecond = 2_000;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Outage_SixtySecondsAtTwoThousandPerSecond_EveryPositionStoredOnce_AndStreamsCarryOn()
    {
        await using var upstream = await FakeAisStreamServer.StartAsync();
        var direct = new NpgsqlConnectionStringBuilder(await PostgisDatabase.CreateAsync());
        await using var proxy = new TcpFaultProxy(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Port = proxy.Port, Timeout = 3, CommandTimeout = 10 }.ConnectionString;
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["ConnectionStrings:Postgis"] = viaProxy;
        settings["AisStream:StallTimeout"] = "00:00:10";
        await using var server = await AisLiveTestServer.StartAsync(settings);
        using (var migrated = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await server.Service<DatabaseState>().WaitForMigrationAsync(migrated.Token);
        }

        await using var watcher = await SseClient.ConnectAsync(server.Http, "/api/vessels/245000007/stream");
        var session = await upstream.NextSessionAsync();

        var sent = await SendAsync(session, 0, TimeSpan.FromSeconds(5));
        await proxy.CutAsync();
        var outage = SendAsync(session, sent, TimeSpan.FromSeconds(60));
        var eventsDuringOutage = await CountEventsUntilAsync(watcher, outage);
        sent = await outage;
        server.Service<DatabaseState>().IsReachable.ShouldBeFalse();
        server.Service<AisLive.Server.Storage.Journal.WriteAheadJournal>().BacklogBytes.ShouldBeGreaterThan(0);
        proxy.Restore();
        sent = await SendAsync(session, sent, TimeSpan.FromSeconds(5));
        await session.SendAsync(UpstreamFrames.Position(245999999, 55, 5, T0));
        await using (var marker = await SseClient.ConnectAsync(server.Http, "/api/vessels/245999999/stream"))
        {
            await marker.ReadEventAsync("position", TimeSpan.FromSeconds(30)); // every frame sent before it was received
        }

        await server.StopAsync(); // SIGTERM semantics: what was received is committed before exit

        server.Service<FeedStatus>().Snapshot().Messages.ShouldBe(sent + 1);
        eventsDuringOutage.ShouldBeGreaterThan(100); // ~4 updates/s for that vessel over 60 s
        var stored = await CountAsync(direct.ConnectionString, "SELECT count(*) FROM positions WHERE mmsi BETWEEN 245000000 AND 245000499");
        var distinct = await CountAsync(direct.ConnectionString, "SELECT count(DISTINCT (mmsi, ts)) FROM positions WHERE mmsi BETWEEN 245000000 AND 245000499");
        stored.ShouldBe(sent);
        distinct.ShouldBe(sent);
    }

    /// <summary>Sends frames at <see cref="RatePerSecond"/> for <paramref name="duration"/>, numbering them from <paramref name="first"/>; returns the next number.</summary>
    private static async Task<long> SendAsync(FakeSession session, long first, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var next = first;
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (clock.Elapsed < duration && await pace.WaitForNextTickAsync())
        {
            var due = first + (long)(clock.Elapsed.TotalSeconds * RatePerSecond);
            for (; next < due; next++)
            {
                // Unique (mmsi, ts) per frame: 500 vessels, one millisecond apart.
                await session.SendAsync(UpstreamFrames.Position(245000000 + (uint)(next % 500), 51 + ((next % 1000) * 0.0001), 3, T0.AddMilliseconds(next)));
            }
        }

        return next;
    }

    private static async Task<int> CountEventsUntilAsync(SseClient client, Task until)
    {
        var count = 0;
        while (!until.IsCompleted)
        {
            var message = await client.ReadEventAsync(TimeSpan.FromSeconds(20));
            count += message?.Event == "position" ? 1 : 0;
        }

        return count;
    }

    private static Task<long> CountAsync(string connectionString, string sql) => PostgisDatabase.ScalarAsync<long>(connectionString, sql);
}
