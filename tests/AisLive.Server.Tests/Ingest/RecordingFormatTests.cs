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
        var line = RecordingFormat.Wrap("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A"u8, Received);

        Encoding.ASCII.GetString(line).ShouldStartWith("\\c:1795255872345*");
        RecordingFormat.TagTime(line).ShouldBe(Received);
        RecordingFormat.Unwrap(line, out var none).ToArray().ShouldBe(line);
        none.ShouldBeNull();
    }
}
