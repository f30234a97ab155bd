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
}
