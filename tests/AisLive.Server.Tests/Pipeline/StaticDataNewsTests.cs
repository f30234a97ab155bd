using AisLive.Ais;
using AisLive.Server.Pipeline;
using AisLive.Server.Storage;
using AisLive.Server.Vessels;

namespace AisLive.Server.Tests.Pipeline;

/// <summary>One rule for static data, followed by the live state and the stored vessel row alike: a blank is not news.</summary>
public sealed class StaticDataNewsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BlankStaticReport_ErasesNothing_InTheLiveStateOrTheStoredRow()
    {
        var named = Static(new AisStaticData { ShipName = "NORTH STAR", CallSign = "PD1234", Destination = "ROTTERDAM", ShipType = 70, ImoNumber = 9134270, ToBowMeters = 100, ToSternMeters = 20, ToPortMeters = 8, ToStarboardMeters = 8, DraughtMeters = 7.5 });
        // What an all-'@' name, call sign and destination decode to (trailing padding removed), with zero dimensions.
        var blank = Static(new AisStaticData { ShipName = string.Empty, CallSign = " ", Destination = string.Empty, ShipType = 0, ImoNumber = 0, ToBowMeters = 0, ToSternMeters = 0, ToPortMeters = 0, ToStarboardMeters = 0, DraughtMeters = 0 });

        var state = VesselStateMerger.Merge(VesselStateMerger.Merge(null, named), blank);
        var row = VesselRow.From(blank)!;

        (state.Name, state.Callsign, state.Destination, state.ShipType, state.Imo, state.Length, state.Width, state.Draught).ShouldBe(("NORTH STAR", "PD1234", "ROTTERDAM", 70, 9134270, 120, 16, 7.5));
        // null in the row = "keep what is stored" (the upsert coalesces), the same rule as the live state
        (row.Name, row.Callsign, row.Destination, row.ShipType, row.Imo, row.ToBow, row.ToStern, row.Draught).ShouldBe((null, null, null, null, null, null, null, null));
    }

    [Fact]
    public void RealChange_IsNews_ForBoth()
    {
        var renamed = Static(new AisStaticData { ShipName = "SOUTH STAR", Destination = "HARWICH" });

        var state = VesselStateMerger.Merge(new VesselState { Mmsi = 244000001, Name = "NORTH STAR", Destination = "ROTTERDAM" }, renamed);
        var row = VesselRow.From(renamed)!;

        (state.Name, state.Destination).ShouldBe(("SOUTH STAR", "HARWICH"));
        (row.Name, row.Destination).ShouldBe(("SOUTH STAR", "HARWICH"));
    }

    private static DecodedMessage Static(AisStaticData data) =>
        new(new AisMessage { MessageType = 5, Mmsi = new Mmsi(244000001), Static = data }, T0, T0, 0);
}
