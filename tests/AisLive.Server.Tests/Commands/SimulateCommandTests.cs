using AisLive.Ais.AisStream;
using AisLive.Server.Commands;

namespace AisLive.Server.Tests.Commands;

public sealed class SimulateCommandTests
{
    private static readonly List<AisLive.Ais.AisMessage> Messages =
        SimulateCommand.Generate(vesselCount: 20, minutes: 40, seed: 7).Select(l => AisStreamDecoder.Decode(l)).Select(f => f.Message).ToList();

    [Fact]
    public void Generate_SameSeed_GivesTheSameRecording()
    {
        SimulateCommand.Generate(5, 5, 3).Select(Convert.ToBase64String).ShouldBe(SimulateCommand.Generate(5, 5, 3).Select(Convert.ToBase64String));
    }

    [Fact]
    public void Generate_Speeder_ExceedsTwentyFiveKnotsOnlyMidway()
    {
        var reports = Positions(DemoScenarios.Speeder);

        reports.Max(m => m.SpeedKnots!.Value).ShouldBe(28);
        reports.First().SpeedKnots.ShouldBe(14);
        reports.Last().SpeedKnots.ShouldBe(14);
    }

    [Fact]
    public void Generate_GoesSilent_HasAGapOfAtLeastNineteenMinutes()
    {
        var times = Positions(DemoScenarios.GoesSilent).Select(m => m.TimestampUtc!.Value).ToList();

        times.Zip(times.Skip(1), (a, b) => b - a).Max().ShouldBeGreaterThan(TimeSpan.FromMinutes(19));
    }

    [Fact]
    public void Generate_RunsAground_EndsStoppedWithStatusSix()
    {
        var last = Positions(DemoScenarios.RunsAground).Last();

        last.NavigationStatus.ShouldBe(6);
        last.SpeedKnots.ShouldBe(0);
    }

    [Fact]
    public void Generate_DragsAnchor_DriftsMoreThanThreeHundredMetresAtAnchor()
    {
        var reports = Positions(DemoScenarios.DragsAnchor);

        reports.ShouldAllBe(m => m.NavigationStatus == 1);
        Meters(reports.First(), reports.Last()).ShouldBeGreaterThan(300);
    }

    [Fact]
    public void Generate_PortVisitor_EntersAndLeavesThePortArea()
    {
        var inside = Positions(DemoScenarios.PortVisitor).Select(m => InPortArea(m.Longitude!.Value, m.Latitude!.Value)).ToList();

        inside.First().ShouldBeFalse();
        inside.ShouldContain(true);
        inside.Last().ShouldBeFalse();
    }

    private static List<AisLive.Ais.AisMessage> Positions(uint mmsi) => Messages.Where(m => m.Mmsi.Value == mmsi && m.MessageType == 1).ToList();

    private static bool InPortArea(double lon, double lat) =>
        lon >= DemoScenarios.PortArea.Min(p => p.Lon) && lon <= DemoScenarios.PortArea.Max(p => p.Lon) && lat >= DemoScenarios.PortArea.Min(p => p.Lat) && lat <= DemoScenarios.PortArea.Max(p => p.Lat);

    private static double Meters(AisLive.Ais.AisMessage a, AisLive.Ais.AisMessage b)
    {
        var dLat = (b.Latitude!.Value - a.Latitude!.Value) * Math.PI / 180 * 6_371_000;
        var dLon = (b.Longitude!.Value - a.Longitude!.Value) * Math.PI / 180 * 6_371_000 * Math.Cos(a.Latitude.Value * Math.PI / 180);
        return Math.Sqrt((dLat * dLat) + (dLon * dLon));
    }
}
