using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Delivery;
using AisLive.Server.Tests.Alerts;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AisLive.Server.Tests.Delivery;

/// <summary>Webhooks end to end: real PostGIS, the real server, real HTTP receivers on Kestrel port 0 (SPEC 9.2).</summary>
public sealed class WebhookDeliveryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const uint Vessel = 244000700;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["Webhooks:RetryInitial"] = "00:00:00.050",
        ["Webhooks:PollInterval"] = "00:00:00.050",
        ["Webhooks:Timeout"] = "00:00:03",
        ["Webhooks:AllowedPrivateNetworks:0"] = "127.0.0.0/8", // the receivers here are on loopback, which webhooks may not reach by default
    };

    [Fact]
    public async Task GeofenceAlert_ReachesTheReceiver_SignedSoThatAnIndependentCheckVerifiesIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var recording = EntersThePortArea();
        var (database, secret) = await SeedAsync((receiver.Url, "standard"));
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null, FastRetries);
        await using var stream = await SseClient.ConnectAsync(server.ClientFor("anna", "operator"), "/api/alerts/stream");

        var alert = JsonNode.Parse((await stream.ReadEventAsync("alert")).Data!)!;
        var received = await receiver.NextAsync(TimeSpan.FromSeconds(2)); // SPEC: within 2 s of the alert
        output.WriteLine($"webhook delivery latency (raised -> received): {(received.At - alert["raisedAt"]!.GetValue<DateTimeOffset>()).TotalMilliseconds:F1} ms");

        // The signature, computed here from the Standard Webhooks definition, not with the server's code.
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{received.Id}.{received.Timestamp}.{received.Body}")));
        received.Signature!.Split(' ').ShouldContain($"v1,{expected}");
        long.Parse(received.Timestamp!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        var body = JsonNode.Parse(received.Body)!;
        body["type"]!.GetValue<string>().ShouldBe("alert");
        body["data"]!["id"]!.GetValue<long>().ShouldBe(alert["id"]!.GetValue<long>());
        body["data"]!["kind"]!.GetValue<string>().ShouldBe(RuleKinds.GeofenceEnter);

        // The row stored in clear (by "an earlier version") was encrypted at start, and the delivery still went out.
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM notification_channels WHERE url LIKE 'dp1:%' AND secret LIKE 'dp1:%'")).ShouldBe(1);
        (await PostgisDatabase.ScalarAsync<long>(database, $"SELECT count(*) FROM notification_channels WHERE url LIKE '%{receiver.Url.Port}%' OR secret LIKE '%{secret[6..20]}%'")).ShouldBe(0);
    }

    [Fact]
    public async Task ReceiverFailingTwice_GetsTheSameIdThreeTimes_AndTheDeliveriesApiShowsThreeAttempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 503);
        using var recording = EntersThePortArea();
        var (database, _) = await SeedAsync((receiver.Url, "standard"));
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null, FastRetries);

        var attempts = new[] { await receiver.NextAsync(), await receiver.NextAsync(), await receiver.NextAsync() };

        attempts.Select(a => a.Id).Distinct().Count().ShouldBe(1);
        attempts.Select(a => a.Body).Distinct().Count().ShouldBe(1);
        var alertId = JsonNode.Parse(attempts[0].Body)!["data"]!["id"]!.GetValue<long>();
        var deliveries = await WaitForAttemptsAsync(server, alertId, d => d.Any(a => a.Status == "delivered"));
        deliveries.Select(d => (d.Attempt, d.Status, d.StatusCode)).ShouldBe([(1, "failed", 500), (2, "failed", 503), (3, "delivered", 200)]);
        deliveries[0].Error.ShouldBe("status"); // a fixed reason: never what the target wrote ("answered 500")
        (await server.Http.GetStringAsync($"/api/alerts/{alertId}/deliveries")).ShouldNotContain("answered");
        deliveries.ShouldAllBe(d => d.MessageId == attempts[0].Id && d.Event == "alert");
    }

    [Fact]
    public async Task BrokenResponses_AreFailedAttemptsWithAReason_AndTheChannelGoesOn()
    {
        // A 500 whose body ends before its Content-Length (once wedged the channel for good), then bytes that are not HTTP.
        await using var receiver = await RawHttpReceiver.StartAsync(
            "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 100\r\n\r\ninternal secret",
            "SSH-2.0-OpenSSH_9.2\r\n");
        using var recording = EntersThePortArea();
        var (database, _) = await SeedAsync((receiver.Url, "standard"));
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null, FastRetries);
        await using var stream = await SseClient.ConnectAsync(server.ClientFor("anna", "operator"), "/api/alerts/stream");
        var alertId = JsonNode.Parse((await stream.ReadEventAsync("alert")).Data!)!["id"]!.GetValue<long>();

        var deliveries = await WaitForAttemptsAsync(server, alertId, d => d.Any(a => a.Status == "delivered"));

        deliveries.Select(d => (d.Attempt, d.Status, d.StatusCode, d.Error)).ShouldBe([(1, "failed", (int?)500, "status"), (2, "failed", null, "protocol"), (3, "delivered", 200, null)]);
        (await server.Http.GetStringAsync($"/api/alerts/{alertId}/deliveries")).ShouldNotContain("secret");
    }

    [Fact]
    public async Task AttemptsPastRetention_ArePruned_TheirDeliveriesStay()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        using var recording = EntersThePortArea();
        var (database, _) = await SeedAsync((receiver.Url, "standard"));
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null, FastRetries);
        var alertId = JsonNode.Parse((await receiver.NextAsync()).Body)!["data"]!["id"]!.GetValue<long>();
        await WaitForAttemptsAsync(server, alertId, d => d.Any(a => a.Status == "delivered"));
        await PostgisDatabase.ExecuteAsync(database, "UPDATE webhook_attempts SET at = now() - interval '40 days' WHERE attempt = 1");

        var pruned = await server.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AttemptRetentionWorker>().Single().PruneAsync(CancellationToken.None);

        pruned.ShouldBe(1);
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM webhook_attempts")).ShouldBe(1);
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM webhook_deliveries")).ShouldBe(1);
    }

    [Fact]
    public async Task SilentEndpoint_DoesNotHoldUpAnotherChannel_AndTimesOutAsAFailedAttempt()
    {
        using var silent = new SilentEndpoint();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var recording = EntersThePortArea();
        var (database, _) = await SeedAsync((silent.Url, "standard"), (receiver.Url, "chat"));
        // The default 10 s timeout: the check below must run while the silent attempt still waits, even on busy cores.
        var settings = new Dictionary<string, string?>(FastRetries) { ["Webhooks:Timeout"] = "00:00:10" };
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null, settings);

        var chat = await receiver.NextAsync();
        await silent.Connected;

        // The chat channel was served while the silent one still waits for its answer: it did not queue behind it.
        var alertId = (await server.Http.GetFromJsonAsync<List<AlertView>>("/api/alerts?status=all"))!.Single().Id;
        var meanwhile = await server.Http.GetFromJsonAsync<List<DeliveryAttemptView>>($"/api/alerts/{alertId}/deliveries");
        meanwhile!.Where(d => d.Status != "pending").ShouldAllBe(d => d.Status == "delivered");
        var text = JsonNode.Parse(chat.Body)!["text"]!.GetValue<string>();
        text.ShouldContain("[WARNING]");
        text.ShouldContain("Port area");

        var timedOut = await WaitForAttemptsAsync(server, alertId, d => d.Any(a => a.Status == "failed"));
        timedOut.First(a => a.Status == "failed").Error.ShouldBe("timeout"); // one of the fixed reasons
    }

    [Fact]
    public async Task Gone_DisablesTheChannel_VisibleInTheChannelsApi()
    {
        await using var receiver = await WebhookReceiver.StartAsync(410);
        using var recording = EntersThePortArea();
        var (database, _) = await SeedAsync((receiver.Url, "standard"));
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, time: null, FastRetries);
        var gone = await receiver.NextAsync();

        var alertId = JsonNode.Parse(gone.Body)!["data"]!["id"]!.GetValue<long>();
        var attempts = await WaitForAttemptsAsync(server, alertId, d => d.Any(a => a.StatusCode == 410));
        attempts.ShouldHaveSingleItem().Status.ShouldBe("failed");
        var channel = (await server.ClientFor("anna", "operator").GetFromJsonAsync<List<ChannelView>>("/api/channels"))!.ShouldHaveSingleItem();
        channel.DisabledAt.ShouldNotBeNull();
        channel.DisabledReason!.ShouldContain("410");
        channel.Secret.ShouldBeNull();
    }

    [Fact]
    public async Task PendingDeliveries_AreResumedByTheNextProcess()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503);
        using var recording = EntersThePortArea();
        var (database, _) = await SeedAsync((receiver.Url, "standard"));
        var slowRetries = new Dictionary<string, string?>(FastRetries) { ["Webhooks:RetryInitial"] = "00:00:02" };
#pragma warning disable CA2000 // the first server is stopped and disposed by the test itself, before the second starts on the same database
        var first = await AlertScenario.StartOnAsync(database, recording.Path, time: null, slowRetries);
#pragma warning restore CA2000
        var failed = await receiver.NextAsync();
        var alertId = JsonNode.Parse(failed.Body)!["data"]!["id"]!.GetValue<long>();
        await WaitForAttemptsAsync(first, alertId, d => d.Any(a => a.Status == "failed")); // the 503 is recorded: a retry is due
        await first.StopAsync(); // stopped with the retry pending in the database
        await first.App.DisposeAsync();

        using var nothingNew = new Recording().Save();
        await using var second = await AlertScenario.StartOnAsync(database, nothingNew.Path, time: null, FastRetries);
        var resumed = await receiver.NextAsync();

        resumed.Id.ShouldBe(failed.Id);
        resumed.Body.ShouldBe(failed.Body);
    }

    /// <summary>Fleet + geofence rule + one webhook channel per (url, format), seeded before the server starts.</summary>
    private static async Task<(string Database, string FirstSecret)> SeedAsync(params (Uri Url, string Format)[] channels)
    {
        var (database, _) = await AlertScenario.SeedDatabaseAsync([Vessel], [("anna", "operator")],
            ("Port area", RuleKinds.GeofenceEnter, new JsonObject { ["area"] = AlertScenario.Area([(3, 51), (4, 51), (4, 52), (3, 52), (3, 51)]) }));
        await using var dataSource = AisLive.Server.Storage.StorageExtensions.CreateDataSource(database);
        var fleetId = await PostgisDatabase.ScalarAsync<long>(database, "SELECT id FROM fleets");
        var secrets = new List<string>();
        foreach (var (url, format) in channels)
        {
            var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            // Stored in clear, as a version before ChannelSecrets did: the server encrypts such rows when it starts.
            await using var insert = dataSource.CreateCommand(
                "INSERT INTO notification_channels (name, fleet_id, kind, url, secret, min_severity, events, format, created_by) VALUES ($1, $2, 'webhook', $3, $4, 'info', $5, $6, 'test-admin')");
            foreach (var value in new object[] { $"{format} hook", fleetId, url.ToString(), secret, ChannelVocabulary.Events, format })
            {
                insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
            }

            await insert.ExecuteNonQueryAsync();
            secrets.Add(secret);
        }

        return (database, secrets[0]);
    }

    private static Recording EntersThePortArea() => new Recording()
        .Position(Vessel, T0, 51.5, 2.5)
        .Position(Vessel, T0.AddMinutes(1), 51.5, 3.5)
        .Position(Vessel, T0.AddMinutes(2), 51.51, 3.51)
        .Save();

    /// <summary>
    /// The deliveries API once <paramref name="done"/> holds. An attempt is stored after the receiver has answered, so
    /// this awaits the dispatcher's "attempt recorded" event and reads the API after each one.
    /// </summary>
    private static async Task<List<DeliveryAttemptView>> WaitForAttemptsAsync(AisLiveTestServer server, long alertId, Func<List<DeliveryAttemptView>, bool> done)
    {
        // A doorbell: one pending ring is enough, since each ring is followed by a fresh read of the API.
        var recorded = System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
        var dispatcher = server.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<WebhookDispatcher>().Single();
        void OnRecorded(DueDelivery delivery, AttemptOutcome outcome) => recorded.Writer.TryWrite(true);
        dispatcher.AttemptRecorded += OnRecorded;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var deliveries = (await server.Http.GetFromJsonAsync<List<DeliveryAttemptView>>($"/api/alerts/{alertId}/deliveries", timeout.Token))!;
                if (done(deliveries))
                {
                    return deliveries.Where(d => d.Status != "pending").ToList();
                }

                await recorded.Reader.ReadAsync(timeout.Token); // the next attempt stored
            }
        }
        finally
        {
            dispatcher.AttemptRecorded -= OnRecorded;
        }
    }
}
