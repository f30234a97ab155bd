using System.Text;
using AisLive.Ais.AisStream;

namespace AisLive.Ais.Tests.AisStream;

public sealed class GoTimeTests
{
    [Theory]
    [InlineData("2023-10-15 09:51:08 +0000 UTC", 0)]
    [InlineData("2023-10-15 09:51:08.2 +0000 UTC", 2_000_000)]
    [InlineData("2023-10-15 09:51:08.29461965 +0000 UTC", 2_946_196)]
    [InlineData("2023-10-15 09:51:08.143077274 +0000 UTC", 1_430_772)]
    public void TryParse_ZeroToNineFractionDigits_KeepsTicks(string text, long ticks)
    {
        GoTime.TryParse(Encoding.ASCII.GetBytes(text), out var value).ShouldBeTrue();
        value.ShouldBe(new DateTimeOffset(2023, 10, 15, 9, 51, 8, TimeSpan.Zero).AddTicks(ticks));
    }

    [Fact]
    public void TryParse_WithOffset_ConvertsToUtc()
    {
        GoTime.TryParse("2023-10-15 11:51:08 +0200 CEST"u8, out var value).ShouldBeTrue();
        value.ShouldBe(new DateTimeOffset(2023, 10, 15, 9, 51, 8, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("2023-13-15 09:51:08 +0000 UTC")]
    [InlineData("2023-02-30 09:51:08 +0000 UTC")]
    [InlineData("2023-10-15T09:51:08Z")]
    [InlineData("2023-10-15 09:51:08.1234567890 +0000 UTC")]
    [InlineData("yesterday")]
    [InlineData("2023-10-15 09:51:08 +9900 UTC")]
    [InlineData("0000-01-01 00:00:00 +0000 UTC")]
    [InlineData("0001-01-01 00:00:00 +1400 UTC")]
    public void TryParse_Malformed_ReturnsFalse(string text) => GoTime.TryParse(Encoding.ASCII.GetBytes(text), out _).ShouldBeFalse();

    [Fact]
    public void FormatTime_RoundTripsThroughParse()
    {
        var time = new DateTimeOffset(2026, 11, 1, 8, 0, 1, TimeSpan.Zero).AddTicks(1234567);

        GoTime.TryParse(Encoding.ASCII.GetBytes(AisStreamWriter.FormatTime(time)), out var parsed).ShouldBeTrue();
        parsed.ShouldBe(time);
    }
}
