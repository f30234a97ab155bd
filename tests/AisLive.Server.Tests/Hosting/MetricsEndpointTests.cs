using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Hosting;

/// <summary>SPEC 11: every meter in Prometheus text at <c>/metrics</c>, through OpenTelemetry.</summary>
public sealed class MetricsEndpointTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Metrics_AfterAReplay_ShowsTheServicesMetersAndAspNetCoresAndNpgsqls()
    {
        using var recording = new Recording().Position(244600001, T0, 51, 3).Position(244600001, T0.AddSeconds(10), 51.001, 3).Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path, ["Replay:Rebase"] = "false" });
        await server.WaitForReplayStoredAsync();
        (await server.Http.GetAsync("/api/vessels/244600001")).EnsureSuccessStatusCode(); // one API request, for the HTTP meters

        var response = await server.Anonymous.GetAsync("/metrics"); // this test runs on loopback: no token needed
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var text = await response.Content.ReadAsStringAsync();

        foreach (var name in new[]
        {
            "aislive_pipeline_messages_in_total", // AisLive.Pipeline
            "aislive_storage_",                   // AisLive.Storage
            "aislive_live_queue_depth",           // AisLive.Live
            "aislive_ingest_messages_received",   // AisLive.Ingest (the feed)
            "aislive_alerts_input_depth",         // AisLive.Alerts
            "http_server_request_duration",       // ASP.NET Core
            "db_client_",                         // Npgsql
        })
        {
            text.ShouldContain(name, customMessage: $"{name} missing from /metrics");
        }

        text.ShouldContain("aislive_pipeline_messages_in_total{otel_scope_name=\"AisLive.Pipeline\"");
    }
}
