using System.Text.Json.Nodes;
using AisLive.Server.Alerts;

namespace AisLive.Server.Tests.Alerts.Behaviour;

/// <summary>Loitering and port calls: slow ships, and where they are slow (SPEC 9.3).</summary>
public sealed class LoiteringAndPortCallTests
{
    private const uint Ship = 244_700_010;
    private const double Lat = 52.2;
    private const double Lon = 3.6;

    [Fact]
    public void ASlowShipFor5HoursOffshore_Loiters_Once()
    {
        // 1.2 kn over the ground in slow circles (its reported SOG says 0: implied speed is what counts).
        var sea = new Sea()
            .Ship(Ship, m => Circle(m, radius: 800, knots: 1.2, reportedSog: 0), inFleet: true)
            .Rule(RuleKinds.Loitering)
            .Run(0, 300);

        var raised = sea.Raised.ShouldHaveSingleItem();
        raised.EvidenceAt.ShouldBeInRange(Sea.T0.AddMinutes(240), Sea.T0.AddMinutes(243));
        var knots = (double)raised.Evidence!["averageKnots"]!;
        knots.ShouldBeInRange(1.0, 1.3); // the circle's speed, measured from the fixes
        ((double)raised.Evidence["minutes"]!).ShouldBeGreaterThanOrEqualTo(240);
        sea.Resolved.ShouldBeEmpty();
    }

    [Fact]
    public void AShipSlowOnlyByItsSog_ButSailing_DoesNotLoiter()
    {
        // Reports SOG 0.5 while actually making 8 kn: the implied speed gives it away.
        var sea = new Sea()
            .Ship(Ship, m => (Lat + (m * 8 * 1852 / 60 / 111_320), Lon, 0.5), inFleet: true)
            .Rule(RuleKinds.Loitering, new JsonObject { ["minutes"] = 60 })
            .Run(0, 120);

        sea.Raised.ShouldBeEmpty();
    }

    [Fact]
    public void TheSameInAnAnchorage_DoesNotLoiter()
    {
        var sea = new Sea()
            .Place(7, "anchorage", Lat - 0.05, Lon - 0.05, Lat + 0.05, Lon + 0.05)
            .Ship(Ship, m => Circle(m, radius: 800, knots: 1.2, reportedSog: 0), inFleet: true)
            .Rule(RuleKinds.Loitering)
            .Run(0, 300);

        sea.Raised.ShouldBeEmpty();
    }

    [Fact]
    public void LoiteringEnds_WhenUnderWayAgain()
    {
        var sea = new Sea()
            .Ship(Ship, m => m < 70 ? Circle(m, 300, 0.5, 0.5) : (Lat + ((m - 70) * 10 * 1852 / 60 / 111_320), Lon, 10), inFleet: true)
            .Rule(RuleKinds.Loitering, new JsonObject { ["minutes"] = 60 })
            .Run(0, 100);

        sea.Raised.ShouldHaveSingleItem();
        sea.Resolved.ShouldHaveSingleItem().EvidenceAt.ShouldBeInRange(Sea.T0.AddMinutes(70), Sea.T0.AddMinutes(90));
    }

    [Fact]
    public void ACallAtAPort_ArrivesAndDeparts_WithItsTimeInPort()
    {
        // Sails in at 8 kn, stops at minute 20 for 3 hours, sails out at minute 200.
        var sea = new Sea()
            .Place(3, "port", Lat, Lon - 0.05, Lat + 0.05, Lon + 0.05, name: "Testhaven")
            .Ship(Ship, m => m switch
            {
                < 20 => (Lat - 0.03 + (m * 0.002), Lon, 8),
                < 200 => (Lat + 0.01, Lon, 0.1),
                _ => (Lat + 0.01 - ((m - 200) * 0.002), Lon, 8),
            }, inFleet: true)
            .Rule(RuleKinds.PortCall)
            .Run(0, 240);

        var arrival = sea.Raised.First();
        arrival.Message.ShouldContain("arrived at Testhaven");
        arrival.EvidenceAt.ShouldBeInRange(Sea.T0.AddMinutes(30), Sea.T0.AddMinutes(31)); // stopped 10 min (from minute 20)
        arrival.Visit.ShouldNotBeNull().DepartedAt.ShouldBeNull();
        arrival.Visit.ArrivedAt.ShouldBeInRange(Sea.T0.AddMinutes(15), Sea.T0.AddMinutes(16)); // the call starts at its entry

        var visits = sea.Transitions.Where(t => t.Visit is not null).Select(t => t.Visit!).ToList();
        visits.Count.ShouldBe(2);
        var departure = visits[1];
        departure.ArrivedAt.ShouldBe(arrival.Visit.ArrivedAt);
        departure.DepartedAt.ShouldNotBeNull().ShouldBeInRange(Sea.T0.AddMinutes(205), Sea.T0.AddMinutes(206));
        var resolvedArrival = sea.Resolved.First();
        ((double)resolvedArrival.Evidence!["minutesInPort"]!).ShouldBeInRange(189, 191);
        sea.Raised.Count.ShouldBe(2); // the arrival, and the departure (raised and resolved at once)
        sea.Raised[1].Message.ShouldContain("left Testhaven after 190 min");
    }

    [Fact]
    public void APassThroughAPort_IsNoCall_AndAnUnalertedCallIsStillLogged()
    {
        var through = new Sea()
            .Place(3, "port", Lat, Lon - 0.05, Lat + 0.05, Lon + 0.05)
            .Ship(Ship, m => (Lat - 0.03 + (m * 0.004), Lon, 12), inFleet: true) // crosses the port in about 12 minutes at 12 kn
            .Rule(RuleKinds.PortCall)
            .Run(0, 40);
        through.Transitions.ShouldBeEmpty();

        var departuresOnly = new Sea()
            .Place(3, "port", Lat, Lon - 0.05, Lat + 0.05, Lon + 0.05)
            .Ship(Ship, m => m < 100 ? (Lat + 0.01, Lon, 0) : (Lat - 0.02, Lon, 9), inFleet: true)
            .Rule(RuleKinds.PortCall, new JsonObject { ["events"] = new JsonArray("departure") })
            .Run(0, 110);
        var arrival = departuresOnly.Transitions.First();
        arrival.LogOnly.ShouldBeTrue(); // kept in the log, no alert
        arrival.Visit.ShouldNotBeNull();
        departuresOnly.Raised.ShouldHaveSingleItem().Message.ShouldContain("left");
    }

    /// <summary>A circle around (Lat, Lon) at <paramref name="knots"/> over the ground, reporting <paramref name="reportedSog"/>.</summary>
    private static (double Lat, double Lon, double Sog) Circle(double minutes, double radius, double knots, double reportedSog)
    {
        var angle = minutes * knots * 1852 / 60 / radius;
        var (lat, lon) = Sea.Offset(Lat, Lon, radius * Math.Sin(angle), radius * Math.Cos(angle));
        return (lat, lon, reportedSog);
    }
}
