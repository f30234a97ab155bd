using System.Diagnostics.Metrics;
using System.Net;
using AisLive.Server.Live;
using AisLive.Server.Tests.Alerts;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AisLive.Server.Tests.Live;

/// <summary>SPEC 9.1 / issue "memory bounded by the work": the live cache forgets long-silent vessels, except a fleet's.</summary>
public sealed class EvictionTests
{
    private const uint FleetVessel = 244_500_001;
    private const uint Passer = 244_500_002;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SilentLongerThanEvictAfter_VesselInNoFleetIsForgotten_FleetVesselStays()
    {
        var (database, _) = await AlertScenario.SeedDatabaseAsync([FleetVessel], [("anna", "viewer")]);
        using var recording = new Recording().Position(FleetVessel, T0, 51, 3).Position(Passer, T0, 52, 3).Save();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await AisLiveTestServer.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:Postgis"] = database, ["Replay:Path"] = recording.Path, ["Replay:Rebase"] = "false", ["Live:EvictAfter"] = "00:10:00" },
            clock);
        await server.WaitForReplayStoredAsync();
        (await server.Http.GetAsync($"/api/vessels/{Passer}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var evicted = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, server.Service<LiveMetrics>().Meter) && instrument.Name == "aislive.live.evicted")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => evicted.TrySetResult(value));
        listener.Start();

        clock.Advance(TimeSpan.FromMinutes(9));
        server.Service<VesselStateCache>().Count.ShouldBe(2); // not yet: 9 minutes is within the age
        clock.Advance(TimeSpan.FromMinutes(2));

        (await evicted.Task.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBe(1);
        (await server.Http.GetAsync($"/api/vessels/{Passer}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await server.Http.GetAsync($"/api/vessels/{FleetVessel}")).StatusCode.ShouldBe(HttpStatusCode.OK); // its map needs it
        server.Service<LiveMetrics>().EvictedTotal.ShouldBe(1);
    }
}
