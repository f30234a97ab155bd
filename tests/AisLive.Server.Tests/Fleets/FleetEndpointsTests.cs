using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Live;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Fleets;

public sealed class FleetEndpointsTests
{
    private static readonly uint[] OneVessel = [244000102];

    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Crud_ByRole_AdminsManageMembersReadOthersAreRefused()
    {
        await using var server = await StartAsync();
        var admin = server.Http;
        var anna = server.ClientFor("anna", "operator");
        var victor = server.ClientFor("victor", "viewer");
        var mallory = server.ClientFor("mallory", "operator");

        var id = await FleetApi.CreateAsync(admin, "Harbour", [244000101, 244000102], ("anna", "operator"), ("victor", "viewer"));

        (await victor.PostAsJsonAsync("/api/fleets", new { name = "mine", vessels = Array.Empty<uint>() })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await anna.GetFromJsonAsync<JsonArray>("/api/fleets"))!.Select(f => f!["id"]!.GetValue<long>()).ShouldBe([id]);
        (await mallory.GetFromJsonAsync<JsonArray>("/api/fleets"))!.ShouldBeEmpty();
        (await victor.GetAsync($"/api/fleets/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var outsider = await mallory.GetAsync($"/api/fleets/{id}");
        outsider.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        outsider.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await admin.GetAsync("/api/fleets/999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anna.PostAsJsonAsync($"/api/fleets/{id}/vessels", new { mmsi = 244000103 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var added = await admin.PostAsJsonAsync($"/api/fleets/{id}/vessels", new { mmsi = 244000103 });
        (await added.Content.ReadFromJsonAsync<JsonObject>())!["vessels"]!.AsArray().Select(v => v!.GetValue<uint>()).ShouldBe([244000101u, 244000102u, 244000103u]);
        await admin.DeleteAsync($"/api/fleets/{id}/vessels/244000101");
        var replaced = await admin.PutAsJsonAsync($"/api/fleets/{id}", new { name = "Harbour 2", vessels = OneVessel, members = new[] { new { userId = "anna", role = "viewer" } } });
        var fleet = (await replaced.Content.ReadFromJsonAsync<JsonObject>())!;
        fleet["name"]!.GetValue<string>().ShouldBe("Harbour 2");
        fleet["members"]!.AsArray().Single()!["role"]!.GetValue<string>().ShouldBe("viewer");
        (await victor.GetAsync($"/api/fleets/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden); // no longer a member

        (await admin.DeleteAsync($"/api/fleets/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetAsync($"/api/fleets/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM fleet_vessels")).ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"name":"","vessels":[]}""")]
    [InlineData("""{"name":"x","vessels":[0]}""")]
    [InlineData("""{"name":"x","vessels":[1000000000]}""")]
    [InlineData("""{"name":"x","vessels":[],"members":[{"userId":"a","role":"captain"}]}""")]
    [InlineData("""{"name":"x","vessels":[244000001,244000002,244000003,244000004]}""")]
    [InlineData("""{"name": 5}""")]
    public async Task Create_Invalid_IsProblemJson400(string body)
    {
        await using var server = await StartAsync(new() { ["Security:MaxFleetVessels"] = "3" });

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await server.Http.PostAsync("/api/fleets", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Create_BodyOverTheLimit_Is413()
    {
        await using var server = await StartAsync(new() { ["Security:MaxRequestBodyBytes"] = "4096" });
        var vessels = string.Join(',', Enumerable.Range(244000000, 1000));

        using var content = new StringContent($$"""{"name":"big","vessels":[{{vessels}}]}""", System.Text.Encoding.UTF8, "application/json");
        var response = await server.Http.PostAsync("/api/fleets", content);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await server.Http.GetAsync("/api/feed")).StatusCode.ShouldBe(HttpStatusCode.OK); // and everyone else carries on
    }

    [Fact]
    public async Task Vessels_OutsideTheCallersFleets_AreForbidden_InsideReadable()
    {
        await using var server = await StartAsync();
        await server.WaitForReplayStoredAsync();
        await FleetApi.CreateAsync(server.Http, "Mine", [244000101], ("victor", "viewer"));
        var victor = server.ClientFor("victor", "viewer");

        (await victor.GetAsync("/api/vessels/244000101")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await victor.GetAsync("/api/vessels/244000102")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await victor.GetAsync("/api/vessels/244000102/track")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await victor.GetAsync("/api/vessels/244000102/stream")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var inBox = await victor.GetFromJsonAsync<JsonObject>("/api/vessels?bbox=0,40,10,60");
        inBox!["features"]!.AsArray().Select(f => f!["id"]!.GetValue<uint>()).ShouldBe([244000101u]);
        var history = await victor.GetFromJsonAsync<JsonObject>($"/api/positions?bbox=0,40,10,60&from={Uri.EscapeDataString(T0.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(T0.AddMinutes(5).ToString("O"))}");
        history!["features"]!.AsArray().Select(f => f!["properties"]!["mmsi"]!.GetValue<uint>()).Distinct().ShouldBe([244000101u]);
        var all = await server.Http.GetFromJsonAsync<JsonObject>("/api/vessels?bbox=0,40,10,60");
        all!["features"]!.AsArray().Count.ShouldBe(3); // admins see every vessel
    }

    [Fact]
    public async Task FleetStream_FollowsVesselAndMembershipChangesWithoutReconnecting()
    {
        await using var server = await StartAsync();
        await server.WaitForReplayStoredAsync();
        var id = await FleetApi.CreateAsync(server.Http, "Watch", [244000101], ("victor", "viewer"));
        await using var stream = await SseClient.ConnectAsync(server.ClientFor("victor", "viewer"), $"/api/fleets/{id}/stream");
        (await stream.ReadEventAsync("position")).Data!.ShouldContain("244000101");

        (await server.Http.PostAsJsonAsync($"/api/fleets/{id}/vessels", new { mmsi = 244000102 })).EnsureSuccessStatusCode();
        var appeared = JsonSerializer.Deserialize((await stream.ReadEventAsync("position")).Data!, LiveJsonContext.Default.VesselState)!;
        appeared.Mmsi.ShouldBe(244000102u);

        (await server.Http.DeleteAsync($"/api/fleets/{id}/vessels/244000101")).EnsureSuccessStatusCode();
        JsonNode.Parse((await stream.ReadEventAsync("remove")).Data!)!["mmsi"]!.GetValue<uint>().ShouldBe(244000101u);

        (await server.Http.PutAsJsonAsync($"/api/fleets/{id}", new { name = "Watch", vessels = OneVessel, members = Array.Empty<object>() })).EnsureSuccessStatusCode();
        (await stream.ReadEventAsync("access-revoked")).Event.ShouldBe("access-revoked");
        (await stream.ReadEventAsync()).ShouldBeNull(); // the server ended the stream
    }

    [Fact]
    public async Task FleetPositions_AreGeoJsonOfTheFleetsVessels()
    {
        await using var server = await StartAsync();
        await server.WaitForReplayStoredAsync();
        var id = await FleetApi.CreateAsync(server.Http, "Pair", [244000101, 244000103]);

        var positions = await server.Http.GetFromJsonAsync<JsonObject>($"/api/fleets/{id}/positions");

        positions!["type"]!.GetValue<string>().ShouldBe("FeatureCollection");
        positions["features"]!.AsArray().Select(f => f!["properties"]!["mmsi"]!.GetValue<uint>()).ShouldBe([244000101u, 244000103u]);
        positions["features"]![0]!["geometry"]!["coordinates"]!.AsArray().Select(c => c!.GetValue<double>()).ShouldBe([3.1, 51.1]);
    }

    [Fact]
    public async Task OpenApi_DescribesEveryEndpoint()
    {
        await using var server = await StartAsync();

        var document = await server.Anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        // Compared with the app's own endpoint table, so an endpoint added later without documentation fails here.
        var documented = document!["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        var routes = server.Service<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => "/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.Trim('/'), @"\{(\w+):[^}]+\}", "{$1}"))
            .Where(p => p.StartsWith("/api", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        routes.Count.ShouldBeGreaterThan(12);
        routes.ShouldAllBe(route => documented.Contains(route));
    }

    private static Task<AisLiveTestServer> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var recording = new Recording()
            .Position(244000101, T0, 51.1, 3.1)
            .Position(244000102, T0, 51.2, 3.2)
            .Position(244000103, T0, 51.3, 3.3)
            .Save();
        var settings = new Dictionary<string, string?> { ["Replay:Path"] = recording.Path, ["Replay:Rebase"] = "false" };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return AisLiveTestServer.StartAsync(settings);
    }
}
