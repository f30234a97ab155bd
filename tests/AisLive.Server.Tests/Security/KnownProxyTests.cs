using System.Net;
using System.Net.Http.Headers;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Security;

/// <summary>SPEC 10: behind a reverse proxy on the same host, the client is who the proxy says, not the loopback it connects from.</summary>
public sealed class KnownProxyTests
{
    [Fact]
    public async Task BehindAKnownProxy_MetricsAreNotOpenToItsClients_AndTheCookieIsSecureUnderTls()
    {
        using var recording = new Recording().Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path, ["Security:KnownProxies:0"] = "127.0.0.1" });

        using var direct = await server.Anonymous.GetAsync("/metrics"); // loopback itself: open, as without a proxy
        using var viaProxy = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        viaProxy.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var forwarded = await server.Anonymous.SendAsync(viaProxy);

        using var session = new HttpRequestMessage(HttpMethod.Post, "/api/auth/session");
        session.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Token("bob", "admin"));
        session.Headers.Add("X-Forwarded-For", "203.0.113.9");
        session.Headers.Add("X-Forwarded-Proto", "https");
        using var cookie = await server.Anonymous.SendAsync(session);

        direct.StatusCode.ShouldBe(HttpStatusCode.OK);
        forwarded.StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        cookie.Headers.GetValues("Set-Cookie").Single().ShouldContain("secure", Case.Insensitive);
    }
}
