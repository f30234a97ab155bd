using AisLive.Ais;
using AisLive.Server.Cluster;
using AisLive.Server.Pipeline;

namespace AisLive.Server.Tests.Cluster;

/// <summary>What the cluster's log carries: every node must read back exactly what the leader decoded.</summary>
public sealed class LogRecordTests
{
    private static readonly DateTimeOffset SentAt = new DateTimeOffset(2026, 11, 1, 8, 0, 0, 123, TimeSpan.Zero).AddTicks(4567);

    public static TheoryData<string> Messages => ["position", "static", "safety", "binary"];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Record_ReadBack_IsTheMessageTheLeaderDecoded(string kind)
    {
        var decoded = new DecodedMessage(Message(kind), SentAt, SentAt.AddMilliseconds(250), 42);
        var encoded = LogRecord.Encode(decoded);

        var read = LogRecord.Decode(encoded, 7);

        read.TimestampUtc.UtcTicks.ShouldBe(SentAt.UtcTicks); // to the tick: the positions key is (mmsi, ts)
        read.ReceivedAtUtc.ShouldBe(decoded.ReceivedAtUtc);
        read.ReceivedTimestamp.ShouldBe(7); // this node's own clock, not the leader's
        read.Message.Mmsi.ShouldBe(decoded.Message.Mmsi);
        read.Message.Latitude.ShouldBe(decoded.Message.Latitude);
        read.Message.SpeedKnots.ShouldBe(decoded.Message.SpeedKnots);
        read.Message.Static.ShouldBe(decoded.Message.Static);
        read.Message.SafetyText.ShouldBe(decoded.Message.SafetyText);
        read.Message.Fields?.All.ShouldBe(decoded.Message.Fields?.All ?? []);
        LogRecord.Encode(read).ShouldBe(encoded); // nothing lost or added on the way
    }

    [Fact]
    public void Record_WithAListOfRows_ReadsBackEveryRow()
    {
        var tidals = new List<AisFields> { new AisFields().Scaled("lon", 4.0512).Whole("cdir", 270), new AisFields().Scaled("lon", 4.1021).Whole("cdir", 90) };
        var message = new AisMessage { MessageType = 6, Mmsi = new Mmsi(2442000), Fields = new AisFields().Whole("dac", 1).Whole("fid", 32).Rows("tidals", tidals).Whole("after", 7) };
        var encoded = LogRecord.Encode(new DecodedMessage(message, SentAt, SentAt, 1));

        var read = LogRecord.Decode(encoded, 2).Message.Fields!.All;

        read.Select(f => f.Name).ShouldBe(["dac", "fid", "tidals", "after"]);
        var rows = read[2].Rows!;
        rows.Count.ShouldBe(2);
        rows[1].All.ShouldBe(tidals[1].All);
        LogRecord.Encode(LogRecord.Decode(encoded, 2)).ShouldBe(encoded);
    }

    [Fact]
    public void MessageId_DependsOnTheMessageAndWhenItWasSent_NotOnWhenItWasReceived()
    {
        var first = new DecodedMessage(Message("position"), SentAt, SentAt.AddSeconds(1), 1);
        var again = first with { ReceivedAtUtc = SentAt.AddSeconds(5), ReceivedTimestamp = 99 };
        var moved = first with { Message = first.Message with { Latitude = 51.5001 } };
        var later = first with { TimestampUtc = SentAt.AddSeconds(10) };

        LogRecord.MessageId(again).ShouldBe(LogRecord.MessageId(first));
        LogRecord.MessageId(moved).ShouldNotBe(LogRecord.MessageId(first));
        LogRecord.MessageId(later).ShouldNotBe(LogRecord.MessageId(first));
    }

    private static AisMessage Message(string kind) => kind switch
    {
        "position" => new AisMessage
        {
            MessageType = 1, Mmsi = new Mmsi(244000001), Latitude = 51.5, Longitude = 3.25, SpeedKnots = 12.3, CourseDegrees = 87.6,
            HeadingDegrees = 88, NavigationStatus = 0, RateOfTurnRaw = -5, PositionAccuracy = true, UtcSecond = 59, Raim = false,
        },
        "static" => new AisMessage
        {
            MessageType = 5, Mmsi = new Mmsi(244000002),
            Static = new AisStaticData { ShipName = "NORTH STAR", CallSign = "PD1234", ImoNumber = 9123456, ShipType = 70, ToBowMeters = 100, ToSternMeters = 20, DraughtMeters = 7.4, Destination = "ROTTERDAM", EtaMonth = 11, EtaDay = 2 },
        },
        "safety" => new AisMessage { MessageType = 14, Mmsi = new Mmsi(970010001), Fields = new AisFields().Text("text", "SART ACTIVE") },
        _ => new AisMessage
        {
            MessageType = 8, Mmsi = new Mmsi(2442000),
            Fields = new AisFields().Whole("dac", 1).Whole("fid", 31).Scaled("airtemp", -2.5).Flag("cspare", true).Text("data", "0x3fa1"),
        },
    };
}
