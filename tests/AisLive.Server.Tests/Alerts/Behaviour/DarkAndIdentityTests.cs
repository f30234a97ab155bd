using System.Text.Json.Nodes;
using AisLive.Ais;
using AisLive.Server.Alerts;
using AisLive.Server.Fleets;
using AisLive.Server.Pipeline;

namespace AisLive.Server.Tests.Alerts.Behaviour;

/// <summary>Going dark (only where reception is normal) and identity anomalies (SPEC 9.3).</summary>
public sealed class DarkAndIdentityTests
{
    private const uint Target = 244_700_020;
    private const double Lat = 53.4;
    private const double Lon = 4.4;

    [Fact]
    public void AClassAShipSilent20MinutesInAWellCoveredArea_GoesDark_WithItsReach()
    {
        // Two hours of ten neighbours reporting every 10 s in the same 1° cell; the target (12 kn) falls silent at minute 120.
        var sea = Covered(new Sea(), neighboursSilent: _ => false)
            .Ship(Target, m => Sailing(m, 12), inFleet: true, silent: m => m >= 120)
            .Rule(RuleKinds.Dark, new JsonObject
            {
                ["watchAreas"] = new JsonArray(
                    Feature("Near reserve", Lat + 0.04, Lon + 0.067 + 0.12), // 8 km east of its last position: within reach after 22 minutes at 12 kn
                    Feature("Far reserve", Lat + 0.9, Lon - 0.9)), // about 100 km away
            })
            .Run(0, 150);

        var dark = sea.Raised.ShouldHaveSingleItem();
        dark.EvidenceAt.ShouldBeInRange(Sea.T0.AddMinutes(130), Sea.T0.AddMinutes(131.5)); // 6 × 10 s is under minMinutes: 10 minutes
        var evidence = dark.Evidence!;
        ((double)evidence["gapMinutes"]!).ShouldBeInRange(10, 11.5);
        ((double)evidence["reachMeters"]!).ShouldBeInRange(12 * 1852 / 6.0 * 0.95, 12 * 1852 / 6.0 * 1.2); // 12 kn for 10 minutes: 3.7 km
        ((double)evidence["expectedIntervalSeconds"]!).ShouldBe(10);
        evidence["watchAreasInReach"]!.AsArray().ShouldBeEmpty(); // 3.7 km: not yet

        var update = sea.Updates.ShouldHaveSingleItem(); // 15 minutes later, the reach has grown to 9 km
        ((double)update.Evidence!["reachMeters"]!).ShouldBeGreaterThan(8_000);
        update.Evidence["watchAreasInReach"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["Near reserve"]);
        update.Message.ShouldContain("within reach: Near reserve");
    }

    [Fact]
    public void TheSameWhileTheWholeFeedGoesQuiet_IsNotDark()
    {
        var sea = Covered(new Sea(), neighboursSilent: m => m >= 120)
            .Ship(Target, m => Sailing(m, 12), inFleet: true, silent: m => m >= 120)
            .Rule(RuleKinds.Dark)
            .Run(0, 150);

        sea.Raised.ShouldBeEmpty();
    }

    [Fact]
    public void TheSameWhileItsCellGoesQuiet_ButTheFeedElsewhereGoesOn_IsNotDark()
    {
        var sea = Covered(new Sea(), neighboursSilent: m => m >= 120);
        for (uint i = 0; i < 10; i++)
        {
            var index = i;
            sea.Ship(244_800_000 + i, m => (Lat - 3 + (index * 0.01), Lon - 5, 10)); // another cell, three degrees away, heard throughout
        }

        sea.Ship(Target, m => Sailing(m, 12), inFleet: true, silent: m => m >= 120)
            .Rule(RuleKinds.Dark)
            .Run(0, 150);

        sea.Raised.ShouldBeEmpty();
    }

    [Fact]
    public void AShipAtAnchor_IsExpectedToReportEvery3Minutes_AndDarkAfter18()
    {
        var sea = Covered(new Sea(), neighboursSilent: _ => false)
            .Ship(Target, m => (Lat + 0.1, Lon + 0.1, 0), inFleet: true, silent: m => m >= 60, navStatus: 1, every: TimeSpan.FromMinutes(3))
            .Rule(RuleKinds.Dark)
            .Run(0, 100);

        var dark = sea.Raised.ShouldHaveSingleItem();
        ((double)dark.Evidence!["limitMinutes"]!).ShouldBe(18);
        dark.EvidenceAt.ShouldBeInRange(Sea.T0.AddMinutes(75), Sea.T0.AddMinutes(78)); // last heard at 57-60 min, + 18
    }

    [Fact]
    public void OneMmsiHeard300KmApartWithin10Minutes_IsAnIdentityAnomaly()
    {
        // One transmitter off Rotterdam, another using the same MMSI off Hull, about 340 km away, heard in turn.
        var sea = new Sea()
            .Ship(Target, m => m < 30 || ((int)(m / 5) % 2 == 0) ? (51.95, 3.9, 11) : (53.75, -0.2, 9), inFleet: true, every: TimeSpan.FromMinutes(1))
            .Rule(RuleKinds.Identity)
            .Run(0, 60);

        var raised = sea.Raised.ShouldHaveSingleItem(); // one episode, however often the two alternate
        raised.EvidenceAt.ShouldBeInRange(Sea.T0.AddMinutes(35), Sea.T0.AddMinutes(36));
        var positions = raised.Evidence!["positions"]!.AsArray();
        positions.Count.ShouldBe(2);
        ((double)positions[0]!["lat"]!).ShouldBe(51.95, 0.001);
        ((double)positions[1]!["lat"]!).ShouldBe(53.75, 0.001);
        ((double)raised.Evidence["meters"]!).ShouldBeInRange(320_000, 360_000); // about 340 km
    }

    [Fact]
    public void AFastButPossibleShip_AndAShortJump_AreNoIdentityAnomaly()
    {
        var sea = new Sea()
            .Ship(Target, m => (Lat + (m * 35 * 1852 / 60 / 111_320), Lon, 35), inFleet: true, every: TimeSpan.FromSeconds(2)) // a 35 kn fast ferry
            .Ship(Target + 1, m => m is > 10 and < 10.1 ? (Lat + 0.01, Lon, 0) : (Lat, Lon, 0), inFleet: true) // a 1.1 km glitch in a 10 s step: under minMeters
            .Rule(RuleKinds.Identity)
            .Run(0, 30);

        sea.Raised.ShouldBeEmpty();
    }

    [Fact]
    public void ANameFlappingBackAndForth_IsAnIdentityAnomaly_ButOneRenameIsNot()
    {
        var evaluator = new AlertEvaluator();
        var fleets = new FleetSnapshot([new Fleet(Sea.FleetId, "fleet", [Target], [], Sea.T0)]);
        var rule = RuleCompiler.Compile(new AlertRule(1, "identity", Sea.FleetId, RuleKinds.Identity, "warning", [], null, TimeSpan.Zero, Sea.T0), 100).Rule!;
        var rules = new RuleSnapshot([rule]);
        var position = new AisMessage { MessageType = 1, Mmsi = new Mmsi(Target), Latitude = Lat, Longitude = Lon, SpeedKnots = 10 };
        evaluator.Apply(new DecodedMessage(position, Sea.T0, Sea.T0, 0), fleets, rules);

        List<AlertTransition> Named(int minute, string name) => evaluator.Apply(
            new DecodedMessage(new AisMessage { MessageType = 5, Mmsi = new Mmsi(Target), Static = new AisStaticData { ShipName = name } }, Sea.T0.AddMinutes(minute), Sea.T0.AddMinutes(minute), 0),
            fleets, rules);

        Named(1, "NORDIC STAR").ShouldBeEmpty();
        Named(6, "NORDIC STAR II").ShouldBeEmpty(); // a rename: one change
        Named(12, "NORDIC STAR").ShouldBeEmpty(); // and back: two
        var raised = Named(18, "NORDIC STAR II").ShouldHaveSingleItem(); // three within the hour, back and forth
        raised.Evidence!["anomaly"]!.GetValue<string>().ShouldBe("name");
        raised.Evidence["values"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["NORDIC STAR", "NORDIC STAR II"], ignoreOrder: true);
        Named(25, "NORDIC STAR").ShouldBeEmpty(); // one episode
    }

    private static Sea Covered(Sea sea, Func<double, bool> neighboursSilent)
    {
        for (uint i = 0; i < 10; i++)
        {
            var index = i;
            sea.Ship(244_900_000 + i, m => (Lat + 0.2 + (index * 0.02), Lon + 0.2, 11), silent: neighboursSilent);
        }

        return sea;
    }

    private static (double Lat, double Lon, double Sog) Sailing(double minutes, double knots) =>
        (Lat + 0.05, Lon + (minutes * knots * 1852 / 60 / (111_320 * Math.Cos(Lat * Math.PI / 180)) / 10), knots); // eastwards, slowly enough to stay in the cell

    private static JsonObject Feature(string name, double lat, double lon) => new()
    {
        ["type"] = "Feature",
        ["properties"] = new JsonObject { ["name"] = name },
        ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = JsonNode.Parse($"[[[{lon},{lat}],[{lon + 0.05},{lat}],[{lon + 0.05},{lat + 0.05}],[{lon},{lat + 0.05}],[{lon},{lat}]]]") },
    };
}
