using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AisLive.Ais;
using AisLive.Ais.AisStream;
using AisLive.Server.Alerts;
using AisLive.Server.Delivery;
using AisLive.Server.Tests.Alerts;
using AisLive.Server.Tests.Infrastructure;
using Lib.Net.Http.EncryptedContentEncoding;
using Microsoft.AspNetCore.WebUtilities;

namespace AisLive.Server.Tests.Delivery;

/// <summary>
/// SPEC 9.4 Web Push against a real HTTP push service: the body decrypts with the subscription's own keys (RFC 8291),
/// the VAPID token verifies (RFC 8292), the RFC 8030 headers are set, and a 410 removes the subscription.
/// </summary>
public sealed class WebPushTests
{
    private const uint Speeder = 244000970;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Alert_IsPushedEncrypted_WithVapidTopicUrgencyTtl_AndA410RemovesTheSubscription()
    {
        var (database, _) = await AlertScenario.SeedDatabaseAsync([Speeder], [("anna", "operator")], ("Speeding", RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 15 }));
        await using var pushService = await PushServiceReceiver.StartAsync(201, 410);
        await using var upstream = await FakeAisStreamServer.StartAsync();
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["ConnectionStrings:Postgis"] = database;
        settings["AisStream:StallTimeout"] = "00:05:00";
        settings["Push:AllowedPrivateNetworks:0"] = "127.0.0.0/8";
        settings["Push:Subject"] = "mailto:ops@example.org";
        await using var server = await AisLiveTestServer.StartAsync(settings);
        await server.Service<AlertInputSink>().WhenRunning.WaitAsync(Wait);
        var anna = server.ClientFor("anna", "operator");

        // The browser's side: a P-256 key pair and a 16-byte auth secret, as PushManager.subscribe makes them.
        using var browserKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var browserPublic = Point(browserKey.ExportParameters(false));
        var authSecret = RandomNumberGenerator.GetBytes(16);
        var vapidKey = (await anna.GetFromJsonAsync<JsonObject>("/api/push/key"))!["publicKey"]!.GetValue<string>();
        var endpoint = new Uri(pushService.Url, "/push/browser-1");
        var keys = new { p256dh = WebEncoders.Base64UrlEncode(browserPublic), auth = WebEncoders.Base64UrlEncode(authSecret) };
        var internalEndpoint = await anna.PostAsJsonAsync("/api/push/subscriptions", new { endpoint = "https://10.1.2.3/push/x", keys });
        internalEndpoint.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await internalEndpoint.Content.ReadAsStringAsync()).ShouldContain("a private address"); // refused for where it is, not for its scheme
        (await anna.PostAsJsonAsync("/api/push/subscriptions", new { endpoint = endpoint.AbsoluteUri, keys = new { p256dh = "AAAA", auth = keys.auth } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await anna.PostAsJsonAsync("/api/push/subscriptions", new { endpoint = endpoint.AbsoluteUri, keys })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var session = await upstream.NextSessionAsync();
        await session.SendAsync(Report(Speeder, 20, T0));
        await session.SendAsync(Report(Speeder, 20, T0.AddSeconds(10)));

        var push = await pushService.NextAsync(Wait);
        push.Path.ShouldBe("/push/browser-1");
        push.ContentEncoding.ShouldBe("aes128gcm");
        var alertId = (await anna.GetFromJsonAsync<List<AlertView>>("/api/alerts"))!.ShouldHaveSingleItem().Id;
        push.Topic.ShouldBe(alertId.ToString(CultureInfo.InvariantCulture)); // a newer state replaces this one on the lock screen
        (push.Urgency ?? "normal").ShouldBe("normal"); // a warning (critical is high); RFC 8030: no header means normal, and the library sends none then
        push.Ttl.ShouldBe("3600"); // no escalation window: an hour
        VerifyVapid(push.Authorization!, vapidKey, pushService.Url, "mailto:ops@example.org");

        var payload = JsonNode.Parse(await DecryptAsync(push.Body, browserKey, browserPublic, authSecret))!;
        payload["alertId"]!.GetValue<long>().ShouldBe(alertId);
        payload["event"]!.GetValue<string>().ShouldBe("alert");
        payload["needsAcknowledgement"]!.GetValue<bool>().ShouldBeTrue();
        payload["body"]!.GetValue<string>().ShouldContain("20.0 kn");

        // The acknowledgement replaces it on the lock screen; this push service says the subscription is gone.
        var recorded = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Service<PushDispatcher>().AttemptRecorded += (sent, status) =>
        {
            if (sent.EventType == "alert-acknowledged")
            {
                recorded.TrySetResult(status); // the first push's record may come after this handler is added
            }
        };
        (await anna.PostAsJsonAsync($"/api/alerts/{alertId}/acknowledge", new { note = "from the phone" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await pushService.NextAsync(Wait);
        second.Topic.ShouldBe(push.Topic);
        JsonNode.Parse(await DecryptAsync(second.Body, browserKey, browserPublic, authSecret))!["event"]!.GetValue<string>().ShouldBe("alert-acknowledged");
        (await recorded.Task.WaitAsync(Wait)).ShouldBe("gone");
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM push_subscriptions")).ShouldBe(0);

        var deliveries = (await anna.GetFromJsonAsync<List<DeliveryAttemptView>>($"/api/alerts/{alertId}/deliveries"))!.Where(d => d.Channel == "push").ToList();
        deliveries.Select(d => (d.Event, d.Status, d.StatusCode)).ShouldBe([("alert", "delivered", (int?)201), ("alert-acknowledged", "gone", 410)]);
        deliveries.ShouldAllBe(d => d.Target == "127.0.0.1");
    }

    /// <summary>RFC 8291: the content-encryption input key from the browser's private key, the server's public key (the record's key id) and the auth secret.</summary>
    private static async Task<string> DecryptAsync(byte[] body, ECDiffieHellman browserKey, byte[] browserPublic, byte[] authSecret)
    {
        using var source = new MemoryStream(body);
        using var plain = new MemoryStream();
        await Aes128GcmEncoding.DecodeAsync(source, plain, serverPublic =>
        {
            using var server = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = serverPublic[1..33], Y = serverPublic[33..65] } });
            var shared = browserKey.DeriveRawSecretAgreement(server.PublicKey);
            var info = Encoding.ASCII.GetBytes("WebPush: info\0").Concat(browserPublic).Concat(serverPublic).ToArray();
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, authSecret, info);
        });
        return Encoding.UTF8.GetString(plain.ToArray());
    }

    /// <summary>RFC 8292: <c>vapid t=JWT, k=public key</c>; the JWT is ES256 over the key given, for the push service's origin, at most 24 h long.</summary>
    private static void VerifyVapid(string authorization, string vapidKey, Uri pushService, string subject)
    {
        authorization.ShouldStartWith("vapid ");
        var parts = authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        parts["k"].ShouldBe(vapidKey);
        var jwt = parts["t"].Split('.');
        var key = WebEncoders.Base64UrlDecode(vapidKey);
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = key[1..33], Y = key[33..65] } });
        ecdsa.VerifyData(Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}"), WebEncoders.Base64UrlDecode(jwt[2]), HashAlgorithmName.SHA256).ShouldBeTrue();
        JsonNode.Parse(WebEncoders.Base64UrlDecode(jwt[0]))!["alg"]!.GetValue<string>().ShouldBe("ES256");
        var claims = JsonNode.Parse(WebEncoders.Base64UrlDecode(jwt[1]))!;
        // The push service's origin. Lib.Net.Http.WebPush leaves a non-default port out of it (RFC 8292 wants the origin,
        // port included); real push services are on 443, where the two agree, and this local one is not.
        claims["aud"]!.GetValue<string>().ShouldBe($"{pushService.Scheme}://{pushService.Host}");
        claims["sub"]!.GetValue<string>().ShouldBe(subject);
        DateTimeOffset.FromUnixTimeSeconds(claims["exp"]!.GetValue<long>()).ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow.AddHours(24));
    }

    private static byte[] Point(ECParameters parameters) => [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];

    private static byte[] Report(uint mmsi, double sog, DateTimeOffset at) =>
        AisStreamWriter.PositionReport(new AisMessage { MessageType = 1, Mmsi = new Mmsi(mmsi), Latitude = 51, Longitude = 3, SpeedKnots = sog, CourseDegrees = 90 }, at);
}
