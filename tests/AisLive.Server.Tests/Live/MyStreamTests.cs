using System.Text.Json.Nodes;
using AisLive.Server.Tests.Alerts;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Live;

/// <summary><c>/api/me/stream</c>: the caller's fleets together, each vessel once (SPEC section 8, as the README states it).</summary>
public sealed class MyStreamTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AllMyFleets_IsTheUnionOfMyFleets_WithAVesselInTwoOfThemSentOnce()
    {
        using var recording = new Recording()
            .Position(244001301, T0, 51.0, 3.0)
            .Position(244001302, T0, 51.1, 3.1)
            .Position(244001303, T0, 51.2, 3.2)
            .Position(244001399, T0, 51.3, 3.3) // in a fleet anna is not in
            .Position(244001302, T0.AddMinutes(1), 51.11, 3.11)
            .Save();
        var (database, _) = await AlertScenario.SeedDatabaseAsync([244001301, 244001302], [("anna", "viewer")]);
        await using (var dataSource = AisLive.Server.Storage.StorageExtensions.CreateDataSource(database))
        {
            var fleets = new AisLive.Server.Fleets.FleetStore(dataSource);
            await fleets.CreateAsync("Second", [244001302, 244001303], [new("anna", "viewer")], CancellationToken.None);
            await fleets.CreateAsync("Not hers", [244001399], [new("ben", "viewer")], CancellationToken.None);
        }

        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null, new Dictionary<string, string?> { ["Live:HeartbeatInterval"] = "00:00:01" });
        await server.WaitForReplayStoredAsync();
        await using var stream = await SseClient.ConnectAsync(server.ClientFor("anna", "viewer"), "/api/me/stream");

        var positions = new List<JsonNode>();
        for (var i = 0; i < 3; i++)
        {
            positions.Add(JsonNode.Parse((await stream.ReadEventAsync("position")).Data!)!);
        }

        positions.Select(p => p["mmsi"]!.GetValue<uint>()).Order().ShouldBe([244001301u, 244001302u, 244001303u]);
        positions.Single(p => p["mmsi"]!.GetValue<uint>() == 244001302)["lat"]!.GetValue<double>().ShouldBe(51.11);
        // Then nothing but control events (presence, heartbeat) up to the first heartbeat: no duplicate, no stranger.
        var next = await stream.ReadEventAsync();
        while (next?.Event is not "heartbeat")
        {
            next.ShouldNotBeNull().Event.ShouldNotBe("position");
            next = await stream.ReadEventAsync();
        }
    }
}
