using System.Text.Json;
using AisLive.Server.Live;
using AisLive.Server.Tests.Fleets;
using AisLive.Server.Tests.Infrastructure;
using AisLive.Server.Vessels;

namespace AisLive.Server.Tests.Live;

public sealed class ResumeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task FleetStream_ResumedWithLastEventId_GetsExactlyWhatChangedWhileAway_NoGapsNoRepeats()
    {
        await using var upstream = await FakeAisStreamServer.StartAsync();
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["AisStream:StallTimeout"] = "00:01:00";
        settings["Live:HeartbeatInterval"] = "00:00:01";
        await using var server = await AisLiveTestServer.StartAsync(settings);
        var session = await upstream.NextSessionAsync();
        var vessels = Enumerable.Range(0, 6).Select(i => 244000600u + (uint)i).ToArray();
        var fleet = await FleetApi.CreateAsync(server.Http, "Resume", vessels);
        foreach (var mmsi in vessels)
        {
            await session.SendAsync(UpstreamFrames.Position(mmsi, 51, 3, T0));
        }

        string lastId;
        await using (var first = await SseClient.ConnectAsync(server.Http, $"/api/fleets/{fleet}/stream"))
        {
            var seen = new HashSet<uint>();
            SseMessage message;
            do
            {
                message = await first.ReadEventAsync("position");
                seen.Add(JsonSerializer.Deserialize(message.Data!, LiveJsonContext.Default.VesselState)!.Mmsi);
            }
            while (seen.Count < vessels.Length);

            lastId = message.Id!;
        }

        // While the client is away, three vessels move (one of them twice) and three do not.
        await session.SendAsync(UpstreamFrames.Position(vessels[1], 52, 3, T0.AddMinutes(1)));
        await session.SendAsync(UpstreamFrames.Position(vessels[3], 52, 3, T0.AddMinutes(1)));
        await session.SendAsync(UpstreamFrames.Position(vessels[1], 53, 3, T0.AddMinutes(2)));
        await session.SendAsync(UpstreamFrames.Position(vessels[5], 52, 3, T0.AddMinutes(1)));
        await using (var marker = await SseClient.ConnectAsync(server.Http, $"/api/vessels/{vessels[5]}/stream"))
        {
            await marker.ReadEventAsync("position"); // the last of them has reached the cache, so all have
        }

        await using var resumed = await SseClient.ConnectAsync(server.Http, $"/api/fleets/{fleet}/stream", lastEventId: lastId);
        var changed = new List<VesselState>();
        for (var i = 0; i < 3; i++)
        {
            changed.Add(JsonSerializer.Deserialize((await resumed.ReadEventAsync("position")).Data!, LiveJsonContext.Default.VesselState)!);
        }

        changed.Select(v => v.Mmsi).ShouldBe([vessels[3], vessels[1], vessels[5]], ignoreOrder: true);
        changed.Single(v => v.Mmsi == vessels[1]).Lat.ShouldBe(53); // the latest state, not a replay of each step
        (await resumed.ReadLineAsync(TimeSpan.FromSeconds(10))).ShouldBe(": hb"); // next comes a heartbeat, not a repeated position
    }
}
