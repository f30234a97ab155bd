using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AisLive.Server.Tests.Security;

public sealed class AuthenticationTests(AuthenticationTests.SharedServer shared) : IClassFixture<AuthenticationTests.SharedServer>
{
    private static readonly string[] Credentials = ["none", "bad-signature", "expired", "wrong-audience", "wrong-issuer", "unknown-role", "query-string"];

    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Every API endpoint and stream; the fleet and alert ones are added to this table as they are built.</summary>
    public static readonly TheoryData<string, string> Endpoints = new()
    {
        { "GET", "/api/vessels/244000060" },
        { "GET", "/api/vessels/244000060/stream" },
        { "GET", "/api/vessels/244000060/track" },
        { "GET", "/api/positions?bbox=1,50,5,53" },
        { "GET", "/api/feed" },
        { "GET", "/api/auth/me" },
        { "GET", "/api/stats" },
        { "GET", "/api/vessels?bbox=1,50,5,53" },
        { "GET", "/api/fleets" },
        { "POST", "/api/fleets" },
        { "GET", "/api/fleets/1" },
        { "PUT", "/api/fleets/1" },
        { "DELETE", "/api/fleets/1" },
        { "POST", "/api/fleets/1/vessels" },
        { "DELETE", "/api/fleets/1/vessels/244000060" },
        { "GET", "/api/fleets/1/positions" },
        { "GET", "/api/fleets/1/stream" },
        { "GET", "/api/rules" },
        { "POST", "/api/rules" },
        { "GET", "/api/rules/1" },
        { "PUT", "/api/rules/1" },
        { "DELETE", "/api/rules/1" },
        { "GET", "/api/alerts" },
        { "POST", "/api/alerts/1/acknowledge" },
        { "GET", "/api/alerts/stream" },
    };

    public static IEnumerable<object[]> EndpointsWithBadCredentials() =>
        from endpoint in Endpoints
        from credential in Credentials
        select new object[] { endpoint[0], endpoint[1], credential };

    [Theory]
    [MemberData(nameof(EndpointsWithBadCredentials))]
    public async Task Endpoint_WithoutAValidToken_Is401ProblemJson(string method, string path, string credential)
    {
        var server = shared.Server; // refusing changes nothing on the server: one serves every case
        var good = server.Token("alice", "admin");
        using var request = new HttpRequestMessage(new HttpMethod(method), credential == "query-string" ? path + (path.Contains('?') ? "&" : "?") + "access_token=" + good : path);
        var token = credential switch
        {
            "bad-signature" => Forge(signingKey: "another-signing-key-that-is-also-long-enough"),
            "expired" => Forge(expires: DateTime.UtcNow.AddMinutes(-5)),
            "wrong-audience" => Forge(audience: "someone-else"),
            "wrong-issuer" => Forge(issuer: "someone-else"),
            "unknown-role" => Forge(role: "captain"),
            _ => null,
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await server.Anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("   at "); // no stack trace
    }

    [Fact]
    public async Task Session_BearerExchangedForCookie_CookieAloneOpensApiAndStreams()
    {
        using var recording = new Recording().Position(244000061, T0, 51, 3).Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path });
        var token = server.Token("bob", "admin");

        using var exchange = new HttpRequestMessage(HttpMethod.Post, "/api/auth/session");
        exchange.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var session = await server.Anonymous.SendAsync(exchange);
        session.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = session.Headers.GetValues("Set-Cookie").Single();
        cookie.ShouldStartWith("aislive_session=" + token);
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);

        using var browser = new HttpClient { BaseAddress = server.Address };
        browser.DefaultRequestHeaders.Add("Cookie", "aislive_session=" + token);
        (await browser.GetAsync("/api/feed")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var stream = await SseClient.ConnectAsync(browser, "/api/vessels/244000061/stream");
        stream.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stream.ReadEventAsync("position")).Data!.ShouldContain("244000061");

        using var cookieOnly = new HttpRequestMessage(HttpMethod.Post, "/api/auth/session");
        cookieOnly.Headers.Add("Cookie", "aislive_session=" + token);
        (await server.Anonymous.SendAsync(cookieOnly)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized); // a cookie cannot renew itself
    }

    [Fact]
    public async Task Stream_WhenTokenExpires_SaysSoAndCloses()
    {
        using var recording = new Recording().Position(244000062, T0, 51, 3).Save();
        var time = new FakeTimeProvider(T0);
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path, ["Live:HeartbeatInterval"] = "00:10:00" }, time);
        var client = server.ClientFor("carol", "admin", TimeSpan.FromMinutes(2));
        await using var stream = await SseClient.ConnectAsync(client, "/api/vessels/244000062/stream");
        await stream.ReadEventAsync("position");

        time.Advance(TimeSpan.FromMinutes(3)); // past expiry plus the 30 s clock skew allowed at sign-in

        (await stream.ReadEventAsync("session-expired")).Event.ShouldBe("session-expired");
        (await stream.ReadEventAsync()).ShouldBeNull(); // and the server ended the response
    }

    [Fact]
    public async Task Logs_AtTraceWithTokensAndApiKeyInPlay_NeverContainThem()
    {
        using var logs = new CapturedLogs();
        await using var upstream = await FakeAisStreamServer.StartAsync(apiKey: "secret-api-key-0123456789");
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["AisStream:ApiKey"] = "secret-api-key-0123456789";
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        await using var server = await AisLiveTestServer.StartAsync(settings, logs: logs);
        var session = await upstream.NextSessionAsync();
        var token = server.Token("dave", "admin");

        await server.Anonymous.GetAsync("/api/feed?access_token=" + token);
        await server.WithToken(token).GetAsync("/api/feed");
        await server.WithToken(token + "x").GetAsync("/api/feed");
        session.Abort();
        await upstream.NextSessionAsync(); // a reconnect, which logs its reason

        logs.Lines.Count.ShouldBeGreaterThan(20);
        var tokenStart = token[..40];
        logs.Lines.ShouldNotContain(l => l.Contains(tokenStart, StringComparison.Ordinal));
        logs.Lines.ShouldNotContain(l => l.Contains("secret-api-key", StringComparison.Ordinal));
    }

    private static string Forge(string signingKey = AisLiveTestServer.SigningKey, string issuer = "aislive", string audience = "aislive", string role = "admin", DateTime? expires = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = "mallory", ["role"] = role },
            NotBefore = DateTime.UtcNow.AddHours(-2),
            IssuedAt = DateTime.UtcNow.AddHours(-2),
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>The one server the 175 refusals go to (a server each took two and a half minutes of the suite).</summary>
    public sealed class SharedServer : IAsyncLifetime
    {
        private readonly Recording _recording = new Recording().Position(244000060, T0, 51, 3).Save();

        public AisLiveTestServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = _recording.Path });

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            _recording.Dispose();
        }
    }
}
