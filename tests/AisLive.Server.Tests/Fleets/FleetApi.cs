using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AisLive.Server.Tests.Fleets;

/// <summary>Small helpers for driving the fleet API from tests.</summary>
public static class FleetApi
{
    public static async Task<long> CreateAsync(HttpClient admin, string name, uint[] vessels, params (string UserId, string Role)[] members)
    {
        var response = await admin.PostAsJsonAsync("/api/fleets", new { name, vessels, members = members.Select(m => new { userId = m.UserId, role = m.Role }) });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }
}
