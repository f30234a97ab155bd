using AisLive.Ais;
using AisLive.Server.Pipeline;

namespace AisLive.Server.Tests.Pipeline;

public sealed class MessageValidatorTests
{
    private static readonly AisMessage Good = new()
    {
        MessageType = 1, Mmsi = new Mmsi(244000001), Latitude = 51.9, Longitude = 4.1, SpeedKnots = 12, CourseDegrees = 90, HeadingDegrees = 91, NavigationStatus = 0,
    };

    [Theory]
    [InlineData(0u, 51.9, 4.1, "invalid_mmsi")]
    [InlineData(244000001u, 109.3, 4.1, "latitude_out_of_range")]
    [InlineData(244000001u, 51.9, -181.5, "longitude_out_of_range")]
    [InlineData(244000001u, 0.0, 0.0, "null_island")]
    public void Validate_BadIdentityOrPosition_Rejects(uint mmsi, double lat, double lon, string reason)
    {
        var message = Good with { Mmsi = new Mmsi(mmsi), Latitude = lat, Longitude = lon };

        MessageValidator.Validate(ref message).ShouldBe(reason);
    }

    [Fact]
    public void Validate_ImpossibleKinematics_NullsThemAndKeepsThePosition()
    {
        var message = Good with { SpeedKnots = 150, CourseDegrees = 409.5, HeadingDegrees = 400 };

        MessageValidator.Validate(ref message).ShouldBeNull();

        message.SpeedKnots.ShouldBeNull();
        message.CourseDegrees.ShouldBeNull();
        message.HeadingDegrees.ShouldBeNull();
        message.Latitude.ShouldBe(51.9);
    }

    [Fact]
    public void Validate_StaticMessageWithoutPosition_Passes()
    {
        var message = new AisMessage { MessageType = 5, Mmsi = new Mmsi(244000001), Static = new AisStaticData { ShipName = "X" } };

        MessageValidator.Validate(ref message).ShouldBeNull();
    }

    [Fact]
    public void Validate_EachFieldOutOfRange_IsNulledAlone_AndCountedByItsReason()
    {
        var message = Good with
        {
            SpeedKnots = 1e300,
            CourseDegrees = double.NaN,
            RateOfTurnRaw = 4000,
            Static = new AisStaticData { ShipName = "KEPT", ToBowMeters = 70_000, ToSternMeters = 20, ToPortMeters = 5, ToStarboardMeters = 5, ImoNumber = 123, ShipType = 999, DraughtMeters = 99 },
        };
        var reasons = new List<string>();

        MessageValidator.Validate(ref message, reasons.Add).ShouldBeNull();

        reasons.ShouldBe(["sog_out_of_range", "cog_out_of_range", "rot_out_of_range", "dimension_out_of_range", "imo_out_of_range", "ship_type_out_of_range", "draught_out_of_range"]);
        message.SpeedKnots.ShouldBeNull();
        message.CourseDegrees.ShouldBeNull();
        message.RateOfTurnRaw.ShouldBeNull();
        message.Static!.ToBowMeters.ShouldBeNull();
        message.Static.ImoNumber.ShouldBeNull();
        message.Static.ShipName.ShouldBe("KEPT");
        message.Latitude.ShouldBe(51.9);
    }

    [Fact]
    public void Validate_AircraftSpeed_AllowsItsOwnRange()
    {
        var message = Good with { MessageType = 9, SpeedKnots = 450 };

        MessageValidator.Validate(ref message).ShouldBeNull();

        message.SpeedKnots.ShouldBe(450);
    }
}
