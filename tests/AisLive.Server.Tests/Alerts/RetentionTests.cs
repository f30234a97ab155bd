using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AisLive.Server.Tests.Alerts;

/// <summary>SPEC 10: resolved alerts past Alerts:RetentionDays are pruned with their events; a stream resuming from a pruned event is told so.</summary>
public sealed class RetentionTests
{
    private const uint Refloated = 244000290;
    private const uint StillAground = 244000291;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ResolvedAlertsPastRetention_ArePruned_AndAStreamResumingBeforeThemGetsAResetAndTheOpenAlerts()
    {
        using var recording = new Recording()
            .Position(Refloated, T0, 51, 3, navStatus: 6)
            .Position(Refloated, T0.AddMinutes(1), 51, 3, navStatus: 0) // refloated: its alert resolves
            .Position(StillAground, T0.AddMinutes(2), 51.1, 3, navStatus: 6)
            .Save();
        await using var server = await AlertScenario.StartAsync(recording.Path, [Refloated, StillAground], [("anna", "operator")],
            ("Aground", RuleKinds.NavStatus, new JsonObject { ["statuses"] = new JsonArray(6) }));
        await AlertScenario.WaitForAlertsAsync(server);
        var db = server.ConnectionString;
        await PostgisDatabase.ExecuteAsync(db, $"UPDATE alerts SET resolved_at = now() - interval '400 days' WHERE mmsi = {Refloated}");
        var firstEvent = await PostgisDatabase.ScalarAsync<long>(db, "SELECT min(seq) FROM alert_events");

        var pruned = await server.App.Services.GetServices<IHostedService>().OfType<AlertRetentionWorker>().Single().PruneAsync(CancellationToken.None);

        pruned.ShouldBe(1);
        (await PostgisDatabase.ScalarAsync<long>(db, $"SELECT count(*) FROM alerts WHERE mmsi = {Refloated}")).ShouldBe(0);
        (await PostgisDatabase.ScalarAsync<long>(db, $"SELECT count(*) FROM alerts WHERE mmsi = {StillAground}")).ShouldBe(1);
        (await PostgisDatabase.ScalarAsync<long>(db, $"SELECT count(*) FROM alert_events WHERE seq <= (SELECT pruned_through FROM alert_log_horizon)")).ShouldBe(0);

        await using var resumed = await SseClient.ConnectAsync(server.ClientFor("anna", "operator"), "/api/alerts/stream", lastEventId: firstEvent.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var reset = await resumed.ReadEventAsync("reset");
        JsonNode.Parse(reset.Data!)!["reason"]!.GetValue<string>().ShouldBe("pruned");
        var open = JsonNode.Parse((await resumed.ReadEventAsync("alert")).Data!)!;
        open["mmsi"]!.GetValue<long>().ShouldBe(StillAground);
    }
}
