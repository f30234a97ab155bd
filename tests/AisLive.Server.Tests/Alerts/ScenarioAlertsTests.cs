using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Commands;

namespace AisLive.Server.Tests.Alerts;

public sealed class ScenarioAlertsTests
{
    private static readonly string[] FleetRecipients = ["ops-anna", "viewer-victor"];

    [Fact]
    public async Task SimulatedRecording_RaisesExactlyTheExpectedAlerts_OnePerEpisode_WithEvidence()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aislive-scenarios-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(path, SimulateCommand.Generate(vesselCount: 10, minutes: 40, seed: 7).Select(l => System.Text.Encoding.UTF8.GetString(l)));
        var area = AlertScenario.Area(DemoScenarios.PortArea);
        await using var server = await AlertScenario.StartAsync(
            path,
            [.. DemoScenarios.All],
            [("ops-anna", "operator"), ("viewer-victor", "viewer")],
            ("Maasvlakte port area", RuleKinds.GeofenceEnter, new JsonObject { ["area"] = area }),
            ("Left Maasvlakte", RuleKinds.GeofenceExit, new JsonObject { ["area"] = AlertScenario.Area(DemoScenarios.PortArea) }),
            ("Speeding", RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 25 }),
            ("Silent", RuleKinds.SignalLost, new JsonObject { ["minutes"] = 10 }),
            ("Aground", RuleKinds.NavStatus, new JsonObject { ["statuses"] = new JsonArray(6) }),
            ("Anchor dragging", RuleKinds.AnchorDrag, new JsonObject { ["meters"] = 200 }));

        await AlertScenario.WaitForAlertsAsync(server);
        var alerts = (await server.Http.GetFromJsonAsync<List<AlertView>>("/api/alerts?status=all"))!;

        alerts.Select(a => (a.Kind, a.Mmsi, a.Status)).ShouldBe(
            [
                (RuleKinds.GeofenceEnter, DemoScenarios.PortVisitor, "resolved"),
                (RuleKinds.GeofenceExit, DemoScenarios.PortVisitor, "open"),
                (RuleKinds.SpeedAbove, DemoScenarios.Speeder, "resolved"),
                (RuleKinds.SignalLost, DemoScenarios.GoesSilent, "resolved"),
                (RuleKinds.NavStatus, DemoScenarios.RunsAground, "open"),
                (RuleKinds.AnchorDrag, DemoScenarios.DragsAnchor, "open"),
            ],
            ignoreOrder: true);
        var speeding = alerts.Single(a => a.Kind == RuleKinds.SpeedAbove);
        speeding.Value.ShouldBe(28);
        speeding.Threshold.ShouldBe(25);
        speeding.VesselName.ShouldBe("FAST MOVER");
        speeding.Lat.ShouldNotBeNull();
        speeding.EvidenceAt.ShouldBeInRange(SimulateCommand.Start.AddMinutes(12), SimulateCommand.Start.AddMinutes(13.5));
        var silent = alerts.Single(a => a.Kind == RuleKinds.SignalLost);
        silent.Value!.Value.ShouldBeInRange(10, 11);
        silent.EvidenceAt.ShouldBeInRange(SimulateCommand.Start.AddMinutes(20), SimulateCommand.Start.AddMinutes(21.5));
        alerts.Single(a => a.Kind == RuleKinds.AnchorDrag).Value!.Value.ShouldBeGreaterThan(200);
        alerts.ShouldAllBe(a => a.Recipients.SequenceEqual(FleetRecipients));
        File.Delete(path);
    }
}
