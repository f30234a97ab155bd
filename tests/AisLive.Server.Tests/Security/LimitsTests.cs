using System.Net;
using AisLive.Server.Streaming;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Security;

public sealed class LimitsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Streams_PastTheLimitPerUser_429WithRetryAfter_OthersUnaffected()
    {
        using var recording = new Recording().Position(244000070, T0, 51, 3).Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Replay:Path"] = recording.Path,
            ["Security:MaxStreamsPerUser"] = "2",
        });
        using var streams = new ConnectionGauge(server.Service<StreamMetrics>());
        var erin = server.ClientFor("erin", "admin");
        await using var first = await SseClient.ConnectAsync(erin, "/api/vessels/244000070/stream");
        await using var second = await SseClient.ConnectAsync(erin, "/api/vessels/244000070/stream");

        await using var third = await SseClient.ConnectAsync(erin, "/api/vessels/244000070/stream");
        await using var frank = await SseClient.ConnectAsync(server.ClientFor("frank", "admin"), "/api/vessels/244000070/stream");

        third.Response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        third.Response.Headers.RetryAfter.ShouldNotBeNull();
        third.Response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        frank.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.ReadEventAsync("position")).Data!.ShouldContain("244000070"); // the open ones carry on

        await first.DisposeAsync(); // a stream that ends gives its place back, though its request ended long before
        await streams.WaitForAsync("vessel", 2, TimeSpan.FromSeconds(10));
        await using var fourth = await SseClient.ConnectAsync(erin, "/api/vessels/244000070/stream");
        fourth.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var migrated = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await server.Service<AisLive.Server.Storage.DatabaseState>().WaitForMigrationAsync(migrated.Token);
        }

        (await server.Http.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StreamConnects_FasterThanAllowed_429WithRetryAfter()
    {
        using var recording = new Recording().Position(244000071, T0, 51, 3).Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Replay:Path"] = recording.Path,
            ["Security:StreamConnectsPerSecondPerUser"] = "1", // a burst of 2, then 1 a second
        });
        var grace = server.ClientFor("grace", "admin");
        var statuses = new List<HttpStatusCode>();

        // Connects in a row until one is refused: the bucket gains a token a second, so on a busy machine a few
        // connects may be slow enough to be let through, but not ten in a row.
        for (var i = 0; i < 10 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            await using var stream = await SseClient.ConnectAsync(grace, "/api/vessels/244000071/stream");
            statuses.Add(stream.Response.StatusCode);
            if (stream.Response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                stream.Response.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
            }
        }

        statuses.Take(2).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
    }

    [Theory]
    [InlineData("/api/alerts/STREAM")]
    [InlineData("/api/Alerts/Stream")]
    [InlineData("/API/VESSELS/244000072/STREAM")]
    public async Task StreamConnects_ThroughAPathInAnotherCase_AreLimitedAllTheSame(string path)
    {
        using var recording = new Recording().Position(244000072, T0, 51, 3).Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Replay:Path"] = recording.Path,
            ["Security:StreamConnectsPerSecondPerUser"] = "1", // a burst of 2, then 1 a second
        });
        var hana = server.ClientFor("hana", "admin");
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 10 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            await using var stream = await SseClient.ConnectAsync(hana, path);
            statuses.Add(stream.Response.StatusCode);
        }

        statuses[0].ShouldBe(HttpStatusCode.OK); // routed: the same endpoint as its lower-case path
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Streams_OfATokenValidForLongerThanATimerRuns_GiveTheirPlaceBack()
    {
        using var recording = new Recording().Position(244000073, T0, 51, 3).Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Replay:Path"] = recording.Path,
            ["Security:MaxStreamsPerUser"] = "3",
            ["Security:StreamConnectsPerSecondPerUser"] = "1000",
        });
        using var streams = new ConnectionGauge(server.Service<StreamMetrics>());
        var ivan = server.WithToken(server.Token("ivan", "admin", TimeSpan.FromMinutes(100_000))); // 69 days: past a timer's 49.7

        for (var round = 0; round < 2; round++)
        {
            var open = new List<SseClient>();
            for (var i = 0; i < 3; i++)
            {
                open.Add(await SseClient.ConnectAsync(ivan, "/api/vessels/244000073/stream"));
            }

            open.Select(s => s.Response.StatusCode).ShouldAllBe(code => code == HttpStatusCode.OK, $"round {round}");
            foreach (var stream in open)
            {
                await stream.DisposeAsync();
            }

            await streams.WaitForAsync("vessel", 0, TimeSpan.FromSeconds(10));
        }
    }
}
