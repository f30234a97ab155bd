using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Ingest;
using AisLive.Server.Live;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Ingest;

public sealed class AisStreamSourceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Subscribe_ReceivesLargeFragmentedFramesAndConfirmation_AndReportsLive()
    {
        await using var upstream = await FakeAisStreamServer.StartAsync();
        upstream.ConfirmSubscriptions = true;
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["AisStream:StallTimeout"] = "00:00:30"; // this test is about frames, not stalls: a busy machine may take a second before sending
        await using var server = await AisLiveTestServer.StartAsync(settings);
        var session = await upstream.NextSessionAsync();

        var subscription = JsonNode.Parse(session.Subscription)!;
        subscription["APIKey"]!.GetValue<string>().ShouldBe("test-key");
        subscription["BoundingBoxes"]!.AsArray().Count.ShouldBe(1);
        await using var stream = await SseClient.ConnectAsync(server.Http, "/api/vessels/244000010/stream");
        var large = PaddedFrame(244000010, 51.5, 3.5, padding: 6000);
        large.Length.ShouldBeGreaterThan(4096);
        await session.SendAsync(large, fragmentSize: 1000);

        var position = await stream.ReadEventAsync("position");
        JsonSerializer.Deserialize(position.Data!, LiveJsonContext.Default.VesselState)!.Lat.ShouldBe(51.5);
        var feed = await server.Http.GetFromJsonAsync<JsonObject>("/api/feed");
        feed!["source"]!.GetValue<string>().ShouldBe("aisstream");
        feed["state"]!.GetValue<string>().ShouldBe("live");
        feed["messages"]!.GetValue<long>().ShouldBe(2); // the confirmation and the position
        feed.ToJsonString().ShouldNotContain("test-key");
    }

    [Theory]
    [InlineData("abort")]
    [InlineData("close")]
    [InlineData("close-1008")]
    public async Task Drop_ServerAcceptsAgain_LiveWithinFiveSeconds(string how)
    {
        await using var upstream = await FakeAisStreamServer.StartAsync();
        await using var server = await AisLiveTestServer.StartAsync(UpstreamFrames.ServerSettings(upstream));
        var status = server.Service<FeedStatus>();
        var first = await upstream.NextSessionAsync();
        await first.SendAsync(UpstreamFrames.Position(244000011, 51.0, 3.0, T0));
        await FeedWaiter.WaitForAsync(status, f => f.State == FeedState.Live);

        var dropped = Stopwatch.StartNew();
        if (how == "abort")
        {
            first.Abort();
        }
        else
        {
            await first.CloseAsync(how == "close" ? WebSocketCloseStatus.NormalClosure : WebSocketCloseStatus.PolicyViolation, "bye");
        }

        var second = await upstream.NextSessionAsync();
        await second.SendAsync(UpstreamFrames.Position(244000011, 51.1, 3.1, T0.AddSeconds(10)));
        var live = await FeedWaiter.WaitForAsync(status, f => f.State == FeedState.Live && f.Messages == 2);

        dropped.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        live.Reconnects.Keys.ShouldContain(how == "abort" ? "aborted" : "closed");
    }

    [Fact]
    public async Task Stall_NoMessages_ReconnectsWithinStallTimeoutPlusFiveSeconds()
    {
        await using var upstream = await FakeAisStreamServer.StartAsync();
        await using var server = await AisLiveTestServer.StartAsync(UpstreamFrames.ServerSettings(upstream));
        var status = server.Service<FeedStatus>();
        var first = await upstream.NextSessionAsync();
        await first.SendAsync(UpstreamFrames.Position(244000012, 51.0, 3.0, T0));
        await FeedWaiter.WaitForAsync(status, f => f.State == FeedState.Live);
        var silentSince = Stopwatch.StartNew();

        var second = await upstream.NextSessionAsync(); // the first is never sent anything again
        await second.SendAsync(UpstreamFrames.Position(244000012, 51.2, 3.2, T0.AddSeconds(10)));
        var live = await FeedWaiter.WaitForAsync(status, f => f.State == FeedState.Live && f.Messages == 2);

        silentSince.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(5));
        live.Reconnects.Keys.ShouldContain("stalled");
        await first.Ended.WaitAsync(TimeSpan.FromSeconds(5)); // the stalled socket was really dropped: never two at once
    }

    [Fact]
    public async Task Handshake429_WaitsTheCooldown_AndMakesFewAttempts()
    {
        await using var upstream = await FakeAisStreamServer.StartAsync();
        upstream.RefuseNext(429);
        await using var server = await AisLiveTestServer.StartAsync(UpstreamFrames.ServerSettings(upstream));
        var status = server.Service<FeedStatus>();

        var session = await upstream.NextSessionAsync();
        await session.SendAsync(UpstreamFrames.Position(244000013, 51.0, 3.0, T0));
        var live = await FeedWaiter.WaitForAsync(status, f => f.State == FeedState.Live);

        var handshakes = upstream.Handshakes.ToList();
        handshakes.Select(h => h.Status).ShouldBe([429, 101]);
        (handshakes[1].At - handshakes[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(50));
        live.Reconnects["rate-limited"].ShouldBe(1);
    }

    [Fact]
    public async Task InvalidKey_ErrorFrame_FailsWithReasonAndBacksOffLong()
    {
        await using var upstream = await FakeAisStreamServer.StartAsync(apiKey: "the-right-key");
        await using var server = await AisLiveTestServer.StartAsync(UpstreamFrames.ServerSettings(upstream));

        var failed = await FeedWaiter.WaitForAsync(server.Service<FeedStatus>(), f => f.State == FeedState.Failed);

        failed.LastError.ShouldNotBeNull().ShouldContain("Api Key Is Not Valid");
        (failed.NextAttemptAt!.Value - failed.Since).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(30));
        upstream.Handshakes.Count.ShouldBe(1);
        var ready = await server.Http.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(System.Net.HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).ShouldNotContain("test-key");
    }

    [Fact]
    public async Task Drop_MidStream_EveryReceivedMessageReachesCacheAndStorageExactlyOnce()
    {
        await using var upstream = await FakeAisStreamServer.StartAsync();
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["AisStream:StallTimeout"] = "00:01:00"; // the drop is the test's: a busy machine must not add a stall of its own mid-send
        await using var server = await AisLiveTestServer.StartAsync(settings);
        await using var marker = await SseClient.ConnectAsync(server.Http, "/api/vessels/244999999/stream");
        var first = await upstream.NextSessionAsync();
        for (var i = 0; i < 500; i++)
        {
            await first.SendAsync(UpstreamFrames.Position(244100000 + (uint)(i % 50), 50 + (i * 0.001), 3, T0.AddSeconds(i)));
        }

        await first.SendAsync(UpstreamFrames.Position(244999999, 55, 5, T0)); // arrives after all of the above: frames are ordered
        await marker.ReadEventAsync("position");
        first.Abort();
        var second = await upstream.NextSessionAsync();
        for (var i = 500; i < 1000; i++)
        {
            await second.SendAsync(UpstreamFrames.Position(244100000 + (uint)(i % 50), 50 + (i * 0.001), 3, T0.AddSeconds(i)));
        }

        await second.SendAsync(UpstreamFrames.Position(244999999, 55.5, 5, T0.AddSeconds(1)));
        await marker.ReadEventAsync("position");
        await server.StopAsync();

        var stored = await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM positions WHERE mmsi BETWEEN 244100000 AND 244100049");
        var distinct = await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(DISTINCT (mmsi, ts)) FROM positions WHERE mmsi BETWEEN 244100000 AND 244100049");
        stored.ShouldBe(1000);
        distinct.ShouldBe(1000);
        var cache = server.Service<VesselStateCache>();
        cache.Get(244100049)!.State.Timestamp.ShouldBe(T0.AddSeconds(999));
    }

    /// <summary>A real-looking frame made larger than 4 KB with an extra metadata field the decoder skips.</summary>
    private static byte[] PaddedFrame(uint mmsi, double lat, double lon, int padding)
    {
        var json = Encoding.UTF8.GetString(UpstreamFrames.Position(mmsi, lat, lon, T0));
        return Encoding.UTF8.GetBytes(json.Replace("\"MetaData\":{", $"\"MetaData\":{{\"Padding\":\"{new string('x', padding)}\",", StringComparison.Ordinal));
    }
}
