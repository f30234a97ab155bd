using System.Net;
using System.Net.Http.Json;
using AisLive.Server.Presence;
using AisLive.Server.Tests.Alerts;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Presence;

/// <summary>SPEC 9.2 presence: who has the fleet's stream or their alerts stream open, announced on the fleet's streams.</summary>
public sealed class PresenceTests
{
    [Fact]
    public async Task Watchers_AreListed_AndEveryChangeIsAnnouncedOnTheFleetStream()
    {
        var (database, _) = await AlertScenario.SeedDatabaseAsync([244001200], [("anna", "operator"), ("ben", "viewer"), ("carol", "operator")]);
        using var recording = new Recording().Save();
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null, new Dictionary<string, string?> { ["Presence:Debounce"] = "00:00:00.050" });
        var fleetId = await PostgisDatabase.ScalarAsync<long>(database, "SELECT id FROM fleets");
        var anna = server.ClientFor("anna", "operator");

        await using var annaFleet = await SseClient.ConnectAsync(anna, $"/api/fleets/{fleetId}/stream");
        await NextPresenceAsync(annaFleet, w => w.Count == 1); // her own arrival
#pragma warning disable CA2000 // the test disposes the stream halfway, to see ben leave; the test server disposes its clients
        var benAlerts = await SseClient.ConnectAsync(server.ClientFor("ben", "viewer"), "/api/alerts/stream");
#pragma warning restore CA2000
        var withBen = await NextPresenceAsync(annaFleet, w => w.Count == 2);

        withBen.Single(w => w.UserId == "anna").Streams.ShouldBe(["fleet"]);
        var ben = withBen.Single(w => w.UserId == "ben");
        ben.Streams.ShouldBe(["alerts"]);
        ben.Role.ShouldBe("viewer");
        var listed = (await anna.GetFromJsonAsync<WatchersView>($"/api/fleets/{fleetId}/watchers"))!;
        listed.Watchers.Select(w => w.UserId).ShouldBe(["anna", "ben"]);
        (await server.ClientFor("mallory", "operator").GetAsync($"/api/fleets/{fleetId}/watchers")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await benAlerts.DisposeAsync();
        (await NextPresenceAsync(annaFleet, w => w.Count == 1)).Single().UserId.ShouldBe("anna");
    }

    /// <summary>Reads <c>event: presence</c> until one satisfies <paramref name="expected"/> (an earlier, debounced state may come first).</summary>
    private static async Task<List<WatcherView>> NextPresenceAsync(SseClient stream, Func<List<WatcherView>, bool> expected)
    {
        while (true)
        {
            var presence = System.Text.Json.JsonSerializer.Deserialize<WatchersView>((await stream.ReadEventAsync("presence")).Data!, System.Text.Json.JsonSerializerOptions.Web)!;
            if (expected([.. presence.Watchers]))
            {
                return [.. presence.Watchers];
            }
        }
    }
}
