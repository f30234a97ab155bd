using System.Text;
using System.Text.Json.Nodes;
using AisLive.Ais.AisStream;

namespace AisLive.Ais.Tests.AisStream;

public sealed class AisStreamDecoderTests
{
    public static TheoryData<int> SampleLines() => new(Enumerable.Range(0, File.ReadAllLines(CorpusPaths.AisStream("samples.jsonl")).Length));

    [Theory]
    [MemberData(nameof(SampleLines))]
    public void Decode_EverySample_YieldsItsTypeAndIdentity(int index)
    {
        var line = File.ReadAllLines(CorpusPaths.AisStream("samples.jsonl"))[index];
        var envelope = JsonNode.Parse(line)!;
        var typeName = envelope["MessageType"]!.GetValue<string>();

        var frame = AisStreamDecoder.Decode(Encoding.UTF8.GetBytes(line));

        frame.Status.ShouldBe(DecodeStatus.Message, frame.Error.Describe());
        frame.MessageTypeName.ShouldBe(typeName);
        var body = envelope["Message"]![typeName]!.AsObject();
        if (body.ContainsKey("UserID"))
        {
            frame.Message.Mmsi.Value.ShouldBe(body["UserID"]!.GetValue<uint>());
            frame.Message.MessageType.ShouldBe(body["MessageID"]!.GetValue<int>());
        }
        else
        {
            frame.Message.Mmsi.Value.ShouldBe(envelope["MetaData"]!["MMSI"]!.GetValue<uint>()); // UnknownMessage has an empty body
        }

        frame.Message.TimestampUtc.ShouldNotBeNull();
    }

    [Fact]
    public void Decode_PositionReport_ReadsValuesAndTime()
    {
        var message = Sample(0);

        message.MessageType.ShouldBe(1);
        message.Mmsi.Value.ShouldBe(538009327u);
        message.Latitude.ShouldBe(51.967933333333335);
        message.Longitude.ShouldBe(4.1139600000000005);
        message.SpeedKnots.ShouldBe(4.2);
        message.CourseDegrees.ShouldBe(296.1);
        message.HeadingDegrees.ShouldBe(307);
        message.RateOfTurnRaw.ShouldBe(11);
        message.NavigationStatus.ShouldBe(0);
        message.UtcSecond.ShouldBe(5);
        message.TimestampUtc.ShouldBe(new DateTimeOffset(2023, 10, 15, 9, 51, 8, TimeSpan.Zero).AddTicks(1430772));
    }

    [Fact]
    public void Decode_ClassBWithoutHeading_GivesNullHeading()
    {
        var message = Sample(2);

        message.MessageType.ShouldBe(18);
        message.HeadingDegrees.ShouldBeNull();
        message.SpeedKnots.ShouldBe(4.7);
    }

    [Fact]
    public void Decode_ShipStaticData_TrimsTextAndKeepsDimensions()
    {
        var message = Sample(5);

        message.Static!.ShipName.ShouldBe("RVE 56");
        message.Static.CallSign.ShouldBe("PD2026");
        message.Static.Destination.ShouldBe("MAASVLAKTE");
        message.Static.ShipType.ShouldBe(99);
        message.Static.LengthMeters.ShouldBe(22);
        message.Static.WidthMeters.ShouldBe(5);
        message.Static.EtaMonth.ShouldBe(0);
    }

    [Fact]
    public void Decode_StaticDataReportPartA_KeepsOnlyTheName()
    {
        var message = Sample(6);

        message.Static!.PartNumber.ShouldBe(0);
        message.Static.ShipName.ShouldBe("VIVID");
        message.Static.CallSign.ShouldBeNull();
    }

    [Fact]
    public void Decode_StaticDataReportPartB_FromDocumentationBody()
    {
        var message = Body(8, "StaticDataReport");

        message.Static!.PartNumber.ShouldBe(1);
        message.Static.CallSign.ShouldBe("LESW");
        message.Static.ShipType.ShouldBe(37);
        message.Static.VendorId.ShouldBe("SRT");
        message.Static.SerialNumber.ShouldBe(292978);
        message.Static.ShipName.ShouldBeNull();
    }

    [Fact]
    public void Decode_AidToNavigation_JoinsNameAndReadsAidType()
    {
        var message = Sample(4);

        message.MessageType.ShouldBe(21);
        message.AidType.ShouldBe(3);
        message.Static!.AidName.ShouldBe("D12-B PLATFORM");
        message.Static.ShipType.ShouldBeNull();
    }

    [Fact]
    public void Decode_EveryDocumentationBody_Decodes()
    {
        foreach (var line in File.ReadAllLines(CorpusPaths.AisStream("doc-bodies.jsonl")))
        {
            var frame = AisStreamDecoder.Decode(Envelope("PositionReport", line));
            frame.Status.ShouldBe(DecodeStatus.Message, line);
            frame.Message.MessageType.ShouldBe(JsonNode.Parse(line)!["MessageID"]!.GetValue<int>());
        }
    }

    [Fact]
    public void Decode_ControlFrames_AreRecognised()
    {
        var frames = File.ReadAllLines(CorpusPaths.AisStream("control-frames.jsonl")).Select(l => AisStreamDecoder.Decode(Encoding.UTF8.GetBytes(l))).ToList();

        frames.ShouldAllBe(f => f.Status == DecodeStatus.Control);
        frames.Take(3).Select(f => f.UpstreamError).ShouldBe(["Api Key Is Not Valid", "Subscription Object Is Malformed", "concurrent connections per user exceeded"]);
        frames[3].IsSubscriptionConfirmation.ShouldBeTrue();
    }

    [Fact]
    public void Decode_NullIslandConverted_DecodesAsSent()
    {
        var frame = AisStreamDecoder.Decode(File.ReadAllBytes(CorpusPaths.AisStream("converted.jsonl")).AsSpan().TrimEnd("\n"u8));

        frame.Status.ShouldBe(DecodeStatus.Message);
        frame.Message.Latitude.ShouldBe(0);
        frame.Message.Longitude.ShouldBe(0);
    }

    [Theory]
    [InlineData("{\"MessageType\":\"PositionReport\",\"MetaData\":{\"MMSI\":1}}", DecodeError.MissingField)]
    [InlineData("{\"Message\":{\"PositionReport\":{\"UserID\":\"x\"}},\"MessageType\":\"PositionReport\"}", DecodeError.MissingField)]
    [InlineData("{\"Message\":{\"PositionReport\":{\"Sog\":1.0}},\"MessageType\":\"PositionReport\"}", DecodeError.MissingField)]
    [InlineData("{\"Message\":{\"WeatherReport\":{\"UserID\":1}},\"MessageType\":\"WeatherReport\"}", DecodeError.UnknownMessageType)]
    [InlineData("{\"Message\":{\"PositionReport\":{\"UserID\":1", DecodeError.InvalidJson)]
    [InlineData("not json", DecodeError.InvalidJson)]
    [InlineData("[1,2]", DecodeError.InvalidJson)]
    public void Decode_BadFrame_ReturnsTheReason(string frame, DecodeError expected)
    {
        var result = AisStreamDecoder.Decode(Encoding.UTF8.GetBytes(frame));

        result.Status.ShouldBe(DecodeStatus.Error);
        result.Error.ShouldBe(expected);
    }

    [Fact]
    public void Decode_MmsiStringAsString_IsAccepted()
    {
        var frame = AisStreamDecoder.Decode("""{"Message":{"UnknownMessage":{}},"MessageType":"UnknownMessage","MetaData":{"MMSI_String":"244000001","time_utc":"2024-01-02 03:04:05 +0000 UTC"}}"""u8);

        frame.Status.ShouldBe(DecodeStatus.Message);
        frame.Message.Mmsi.Value.ShouldBe(244000001u);
        frame.Message.TimestampUtc.ShouldBe(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
    }

    [Fact]
    public void Decode_SafetyBroadcast_CarriesItsTextForTheDistressRule()
    {
        // AISStream's SafetyBroadcastMessage body as its API documents it, written here by hand.
        var body = """{"MessageID":14,"RepeatIndicator":0,"UserID":970123456,"Valid":true,"Spare":0,"Text":"SART ACTIVE@@@"}""";

        var frame = AisStreamDecoder.Decode(Envelope("SafetyBroadcastMessage", body));

        frame.Status.ShouldBe(DecodeStatus.Message, frame.Error.Describe());
        frame.Message.MessageType.ShouldBe(14);
        frame.Message.SafetyText.ShouldBe("SART ACTIVE");
    }

    private static AisMessage Sample(int index)
    {
        var frame = AisStreamDecoder.Decode(Encoding.UTF8.GetBytes(File.ReadAllLines(CorpusPaths.AisStream("samples.jsonl"))[index]));
        frame.Status.ShouldBe(DecodeStatus.Message);
        return frame.Message;
    }

    private static AisMessage Body(int index, string typeName)
    {
        var frame = AisStreamDecoder.Decode(Envelope(typeName, File.ReadAllLines(CorpusPaths.AisStream("doc-bodies.jsonl"))[index]));
        frame.Status.ShouldBe(DecodeStatus.Message);
        return frame.Message;
    }

    private static byte[] Envelope(string typeName, string body) =>
        Encoding.UTF8.GetBytes($"{{\"Message\":{{\"{typeName}\":{body}}},\"MessageType\":\"{typeName}\",\"MetaData\":{{\"MMSI\":1,\"time_utc\":\"2022-12-29 18:22:32.318353 +0000 UTC\"}}}}");
}
