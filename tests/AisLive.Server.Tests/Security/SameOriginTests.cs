using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Tests.Alerts;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Security;

/// <summary>SPEC 10: a state change signed in by the session cookie comes from the service's own pages.</summary>
public sealed class SameOriginTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Acknowledge_WithTheCookieFromAnotherOrigin_OrAsAForm_IsRefused_FromThePageItIsNot()
    {
        using var recording = new Recording().Position(244000270, T0, 51, 3, navStatus: 6).Save();
        await using var server = await AlertScenario.StartAsync(recording.Path, [244000270], [("anna", "operator")],
            ("Aground", RuleKinds.NavStatus, new JsonObject { ["statuses"] = new JsonArray(6) }));
        await AlertScenario.WaitForAlertsAsync(server);
        var id = await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT id FROM alerts");
        var cookie = "aislive_session=" + server.Token("anna", "operator");
        async Task<HttpStatusCode> AcknowledgeAsync(string? origin, string body, string contentType)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{id}/acknowledge") { Content = new StringContent(body, Encoding.UTF8, contentType) };
            request.Headers.Add("Cookie", cookie);
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            using var response = await server.Anonymous.SendAsync(request);
            return response.StatusCode;
        }

        (await AcknowledgeAsync("http://intranet.localhost:8080", "{}", "application/json")).ShouldBe(HttpStatusCode.Forbidden); // a neighbour on the same site
        (await AcknowledgeAsync(null, "note=pwned", "application/x-www-form-urlencoded")).ShouldBe(HttpStatusCode.Forbidden); // a plain form, Origin stripped
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM alerts WHERE acknowledged_by IS NOT NULL")).ShouldBe(0);

        (await AcknowledgeAsync(server.Address.GetLeftPart(UriPartial.Authority), """{"note":"from the page"}""", "application/json")).ShouldBe(HttpStatusCode.OK);
    }
}
