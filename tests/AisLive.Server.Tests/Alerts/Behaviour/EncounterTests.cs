using System.Text.Json.Nodes;
using AisLive.Server.Alerts;

namespace AisLive.Server.Tests.Alerts.Behaviour;

/// <summary>The encounter rule's scenarios, each with the trap that would make it fire wrongly (SPEC 9.3).</summary>
public sealed class EncounterTests
{
    private const uint Fleet = 244_700_001;
    private const uint Carrier = 636_000_002;
    private const double Lat = 52.5;
    private const double Lon = 3.0;

    [Fact]
    public void TwoShipsPassingAt15Knots_AreNoEncounter()
    {
        // Head on along the same meridian, 200 m apart east-west, closing at 30 kn: within 500 m for about a minute.
        const double MetersPerMinute = 15 * 1852 / 60.0;
        var sea = new Sea()
            .Ship(Fleet, m => At(-6000 + (m * MetersPerMinute), 0, 15), inFleet: true)
            .Ship(Carrier, m => At(6000 - (m * MetersPerMinute), 200, 15))
            .Rule(RuleKinds.Encounter)
            .Run(0, 30);

        sea.Raised.ShouldBeEmpty();
    }

    [Fact]
    public void TwoShipsDrifting300MetersApartFor150Minutes_AreOneEncounter_UpdatedThenResolved()
    {
        // Drifting together at about 0.4 kn for 150 minutes; then the carrier steams off at 10 kn.
        const double Drift = 0.4 * 1852 / 60;
        var sea = new Sea()
            .Ship(Fleet, m => At(m * Drift, 0, 0.4), inFleet: true, name: "TRAWLER ONE")
            .Ship(Carrier, m => m < 150 ? At(m * Drift, 300, 0.4) : At(150 * Drift, 300 + ((m - 150) * 10 * 1852 / 60), 10), name: "REEFER STAR")
            .Rule(RuleKinds.Encounter)
            .Run(0, 170);

        var raised = sea.Raised.ShouldHaveSingleItem();
        raised.OtherMmsi.ShouldBe(Carrier);
        raised.EvidenceAt.ShouldBeInRange(Sea.T0.AddMinutes(120), Sea.T0.AddMinutes(121)); // at 2 h, not before
        var evidence = raised.Evidence!;
        ((double)evidence["closestMeters"]!).ShouldBeInRange(295, 305);
        ((double)evidence["minutes"]!).ShouldBeGreaterThanOrEqualTo(120);
        ((double)evidence["thresholds"]!["meters"]!).ShouldBe(500);
        ((double)evidence["start"]!["lat"]!).ShouldBe(Lat, 0.001);
        evidence["fixes"]!.AsArray().Count.ShouldBeGreaterThan(1); // the fleet vessel's fixes and the other's
        raised.Message.ShouldContain("REEFER STAR");

        sea.Updates.Count.ShouldBeInRange(1, 2); // at 135 and 150 minutes: the same alert, moved on
        sea.Updates.ShouldAllBe(u => u.OtherMmsi == Carrier);
        var resolved = sea.Resolved.ShouldHaveSingleItem();
        resolved.OtherMmsi.ShouldBe(Carrier);
        resolved.EvidenceAt.ShouldBeInRange(Sea.T0.AddMinutes(150), Sea.T0.AddMinutes(156)); // past 750 m within minutes of leaving
        ((double)resolved.Evidence!["minutes"]!).ShouldBeGreaterThan(150);
    }

    [Fact]
    public void TwoShipsInConvoyAt6Knots_300MetersApart_AreNoEncounter()
    {
        const double MetersPerMinute = 6 * 1852 / 60.0;
        var sea = new Sea()
            .Ship(Fleet, m => At(m * MetersPerMinute, 0, 6), inFleet: true)
            .Ship(Carrier, m => At(m * MetersPerMinute, 300, 6))
            .Rule(RuleKinds.Encounter)
            .Run(0, 150);

        sea.Raised.ShouldBeEmpty(); // close for 2.5 h, but neither slow: ships in company, not meeting
    }

    [Fact]
    public void TheSameInsideAPort_IsNoEncounter()
    {
        var (south, west) = Sea.Offset(Lat, Lon, -2000, -2000);
        var (north, east) = Sea.Offset(Lat, Lon, 2000, 2000);
        var sea = new Sea()
            .Place(1, "port", south, west, north, east)
            .Ship(Fleet, m => At(0, 0, 0.3), inFleet: true)
            .Ship(Carrier, m => At(0, 300, 0.3))
            .Rule(RuleKinds.Encounter)
            .Run(0, 150);

        sea.Raised.ShouldBeEmpty();
    }

    [Fact]
    public void AShipOutsideAnAnchorage_NearOneAtAnchorInside_IsNoEncounter()
    {
        var (south, west) = Sea.Offset(Lat, Lon, -2000, 150); // the anchorage starts 150 m east of the fleet vessel
        var (north, east) = Sea.Offset(Lat, Lon, 2000, 4000);
        var sea = new Sea()
            .Place(2, "anchorage", south, west, north, east)
            .Ship(Fleet, m => At(0, 0, 0.3), inFleet: true)
            .Ship(Carrier, m => At(0, 300, 0.3))
            .Rule(RuleKinds.Encounter)
            .Run(0, 150);

        sea.Raised.ShouldBeEmpty(); // neither may be inside
    }

    [Fact]
    public void TwoFleetShipsMeeting_AreOneAlert_NotOneEach()
    {
        var sea = new Sea()
            .Ship(Fleet, m => At(0, 0, 0.2), inFleet: true)
            .Ship(Fleet + 1, m => At(0, 250, 0.2), inFleet: true)
            .Rule(RuleKinds.Encounter, new JsonObject { ["minutes"] = 30 })
            .Run(0, 45);

        sea.Raised.ShouldHaveSingleItem().Mmsi.ShouldBe(Fleet); // the lower MMSI holds the pair
    }

    [Fact]
    public void AShipFallingSilent_EndsTheEncounter()
    {
        var sea = new Sea()
            .Ship(Fleet, m => At(0, 0, 0.2), inFleet: true)
            .Ship(Carrier, m => At(0, 200, 0.2), silent: m => m > 40)
            .Rule(RuleKinds.Encounter, new JsonObject { ["minutes"] = 30 })
            .Run(0, 60);

        sea.Raised.ShouldHaveSingleItem();
        var resolved = sea.Resolved.ShouldHaveSingleItem();
        resolved.EvidenceAt.ShouldBeInRange(Sea.T0.AddMinutes(47), Sea.T0.AddMinutes(49.5)); // silent a quarter of 30 minutes
        resolved.Message.ShouldContain("silent");
    }

    private static (double Lat, double Lon, double Sog) At(double north, double east, double sog)
    {
        var (lat, lon) = Sea.Offset(Lat, Lon, north, east);
        return (lat, lon, sog);
    }
}
