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
        body["events"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(AisLive.Server.Delivery.ChannelVocabulary.Events); // every event unless asked otherwise
        var id = body["id"]!.GetValue<long>();
        var listed = (await anna.GetStringAsync("/api/channels"));
        listed.ShouldNotContain("whsec_");
        (await anna.GetFromJsonAsync<ChannelView>($"/api/channels/{id}"))!.Format.ShouldBe("chat");
        (await anna.GetFromJsonAsync<ChannelView>($"/api/channels/{id}"))!.Url.ShouldBe("https://chat.example.org/hooks/abc"); // its creator sees it whole
        (await PostgisDatabase.ScalarAsync<string>(database, $"SELECT url || ' ' || secret FROM notification_channels WHERE id = {id}")).ShouldSatisfyAllConditions(
            stored => stored.ShouldNotContain("hooks/abc"), stored => stored.ShouldNotContain(secret["whsec_".Length..]), stored => stored.ShouldStartWith("dp1:")); // encrypted at rest
        (await server.ClientFor("victor", "viewer").GetFromJsonAsync<ChannelView>($"/api/channels/{id}"))!.Url.ShouldBe("https://chat.example.org/…"); // a credential
        (await server.ClientFor("victor", "viewer").GetStringAsync("/api/channels")).ShouldNotContain("hooks/abc");

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

    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "loopback")]
    [InlineData("http://localhost:5080/api/stats", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://10.1.2.3/hook", "private")]
    [InlineData("http://192.168.1.1/hook", "private")]
    [InlineData("http://100.64.0.1/hook", "carrier-grade NAT")]
    [InlineData("http://[::1]:8080/hook", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]/hook", "loopback")]
    [InlineData("http://[fd00::1]/hook", "private")]
    [InlineData("http://0.0.0.0/hook", "unspecified")]
    [InlineData("http://239.1.2.3/hook", "multicast")]
    public async Task Create_ToAnInternalAddress_IsRefused_NamingTheRule(string url, string kind)
    {
        var (database, _) = await AlertScenario.SeedDatabaseAsync([244001101], [("anna", "operator")]);
        using var recording = new Recording().Save();
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null);
        var fleetId = await PostgisDatabase.ScalarAsync<long>(database, "SELECT id FROM fleets");

        var response = await server.ClientFor("anna", "operator").PostAsJsonAsync("/api/channels", new { name = "probe", fleetId, url });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["detail"]!.GetValue<string>().ShouldContain($"a {kind} address");
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM notification_channels")).ShouldBe(0);
    }

    [Fact]
    public async Task Create_ToAnAllowedPrivateNetwork_IsAccepted_AndOthersStillRefused()
    {
        var (database, _) = await AlertScenario.SeedDatabaseAsync([244001102], [("anna", "operator")]);
        using var recording = new Recording().Save();
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null, new Dictionary<string, string?> { ["Webhooks:AllowedPrivateNetworks:0"] = "10.20.0.0/16" });
        var fleetId = await PostgisDatabase.ScalarAsync<long>(database, "SELECT id FROM fleets");
        var anna = server.ClientFor("anna", "operator");

        (await anna.PostAsJsonAsync("/api/channels", new { name = "internal", fleetId, url = "http://10.20.1.5/hook" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await anna.PostAsJsonAsync("/api/channels", new { name = "other", fleetId, url = "http://10.21.1.5/hook" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await anna.PostAsJsonAsync("/api/channels", new { name = "metadata", fleetId, url = "http://169.254.169.254/" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
