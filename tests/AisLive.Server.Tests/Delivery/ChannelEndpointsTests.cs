using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Delivery;
using AisLive.Server.Tests.Alerts;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Delivery;

public sealed class ChannelEndpointsTests
{
    [Fact]
    public async Task Channels_AreCreatedByTheFleetsOperators_WithTheSecretShownOnce_AndBadInputIsProblemJson()
    {
        var (database, _) = await AlertScenario.SeedDatabaseAsync([244001100], [("anna", "operator"), ("victor", "viewer")]);
        using var recording = new Recording().Save();
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null);
        var fleetId = await PostgisDatabase.ScalarAsync<long>(database, "SELECT id FROM fleets");
        var anna = server.ClientFor("anna", "operator");
        var request = new { name = "Ops room", fleetId, kind = "webhook", url = "https://chat.example.org/hooks/abc", minSeverity = "warning", format = "chat" };

        var created = await anna.PostAsJsonAsync("/api/channels", request);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var secret = body["secret"]!.GetValue<string>();
        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBe(32);
        body["events"]!.AsArray().Count.ShouldBe(4); // every event unless asked otherwise
        var id = body["id"]!.GetValue<long>();
        var listed = (await anna.GetStringAsync("/api/channels"));
        listed.ShouldNotContain("whsec_");
        (await anna.GetFromJsonAsync<ChannelView>($"/api/channels/{id}"))!.Format.ShouldBe("chat");

        (await server.ClientFor("victor", "viewer").PostAsJsonAsync("/api/channels", request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await server.ClientFor("mallory", "operator").GetAsync($"/api/channels/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        foreach (var bad in new object[]
        {
            request with { url = "ftp://files.example.org/drop" },
            request with { url = "https://user:pass@example.org/hook" },
            request with { format = "xml" },
            new { name = "x", fleetId, url = "https://example.org/h", events = new[] { "alert", "vessel-sank" } },
        })
        {
            var response = await anna.PostAsJsonAsync("/api/channels", bad);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        (await anna.DeleteAsync($"/api/channels/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await anna.GetAsync($"/api/channels/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
