using System.Text;
using AisLive.Server.Ingest;

namespace AisLive.Server.Tests.Ingest;

public sealed class RecordingFormatTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 21, 10, 11, 12, 345, TimeSpan.Zero);

    [Fact]
    public void WrapThenUnwrap_AisStreamFrame_GivesTheFrameVerbatimAndItsReceiveTime()
    {
        var frame = """{"Message":{"PositionReport":{"UserID":1}},"MessageType":"PositionReport"}"""u8.ToArray();

        var line = RecordingFormat.Wrap(frame, Received);
        var unwrapped = RecordingFormat.Unwrap(line, out var receivedAt);

        unwrapped.ToArray().ShouldBe(frame);
        receivedAt.ShouldBe(Received);
    }

    [Fact]
    public void Wrap_NmeaLine_AddsATagBlockWithMilliseconds()
    {
        var sentence = AisLive.Ais.Nmea.NmeaEncoder.Encode(new AisLive.Ais.AisMessage { MessageType = 1, Mmsi = new AisLive.Ais.Mmsi(244000001), Latitude = 51, Longitude = 3 }).Single();
        var line = RecordingFormat.Wrap(System.Text.Encoding.ASCII.GetBytes(sentence), Received);

        Encoding.ASCII.GetString(line).ShouldStartWith("\\c:1795255872345*");
        RecordingFormat.TagTime(line).ShouldBe(Received);
        RecordingFormat.Unwrap(line, out var none).ToArray().ShouldBe(line);
        none.ShouldBeNull();
    }
}
