using System.Text;
using AisLive.Ais.Nmea;
using Microsoft.Extensions.Time.Testing;

namespace AisLive.Ais.Tests.Nmea;

public sealed class NmeaDecoderTests
{
    private readonly NmeaDecoder _decoder = new();

    [Fact]
    public void Decode_Type1FromTheCorpus_MatchesItsOracle()
    {
        var (sentences, expected) = Sentences.CorpusCase(0); // gpsd's first sample, read in place

        var message = DecodeOne(sentences.Single());

        message.MessageType.ShouldBe(expected["type"]!.GetValue<int>());
        message.Mmsi.Value.ShouldBe(expected["mmsi"]!.GetValue<uint>());
        message.NavigationStatus.ShouldBe(expected["nav_status"]!.GetValue<int>());
        message.RateOfTurnRaw.ShouldBe(expected["rot"]!.GetValue<int>());
        message.SpeedKnots.ShouldBe(expected["sog_knots"]!.GetValue<double>());
        message.PositionAccuracy.ShouldBe(expected["position_accuracy"]!.GetValue<bool>());
        message.Longitude.ShouldBe(expected["lon"]!.GetValue<double>());
        message.Latitude.ShouldBe(expected["lat"]!.GetValue<double>());
        message.CourseDegrees.ShouldBe(expected["cog_deg"]!.GetValue<double>());
        message.HeadingDegrees.ShouldBe(expected["heading"]!.GetValue<int>());
        message.UtcSecond.ShouldBe(expected["utc_second"]!.GetValue<int>());
        message.Static.ShouldBeNull();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Decode_Type24WithAReservedPartNumber_IsAnError_NotStaticData(int part)
    {
        // A part B layout (ship type 60, a call sign) under a reserved part number, made by our own bit writer.
        var bits = new PayloadBitWriter().Unsigned(24, 6).Unsigned(0, 2).Unsigned(230108610, 30).Unsigned(part, 2)
            .Unsigned(60, 8).Text("ABC", 3).Unsigned(0, 4).Unsigned(0, 20).Text("OF-332", 7).Unsigned(0, 30).Unsigned(0, 6);
        var (payload, fill) = bits.Armour();
        var sentence = Sentences.WithChecksum($"!AIVDM,1,1,,A,{payload},{fill}");

        _decoder.Decode(Encoding.ASCII.GetBytes(sentence), out _, out var error).ShouldBe(DecodeStatus.Error);
        error.ShouldBe(DecodeError.ReservedPartNumber);
        error.Describe().ShouldContain("reserved part number");
    }

    [Fact]
    public void Decode_NotAvailableSentinels_BecomeNull()
    {
        var sentence = NmeaEncoder.Encode(Sentences.Type1 with { HeadingDegrees = null, RateOfTurnRaw = -128, SpeedKnots = null, CourseDegrees = null }).Single();

        var message = DecodeOne(sentence);

        message.HeadingDegrees.ShouldBeNull();
        message.SpeedKnots.ShouldBeNull();
        message.CourseDegrees.ShouldBeNull();
        message.RateOfTurnRaw.ShouldBe(-128);
        message.RateOfTurnDegreesPerMinute.ShouldBeNull();
    }

    [Fact]
    public void Decode_TwoFragmentType5_ReassemblesStaticData()
    {
        var (first, second) = (Sentences.Type5Sentences[0], Sentences.Type5Sentences[1]);

        Feed(first).ShouldBe(DecodeStatus.Pending);
        var status = _decoder.Decode(Bytes(second), out var message, out var error);

        status.ShouldBe(DecodeStatus.Message, error.Describe());
        message.Mmsi.Value.ShouldBe(244654321u);
        message.Static!.ShipName.ShouldBe("NORTH STAR");
        message.Static.CallSign.ShouldBe("PD1234");
        message.Static.Destination.ShouldBe("ROTTERDAM");
        message.Static.ImoNumber.ShouldBe(9134270);
    }

    [Fact]
    public void Decode_InterleavedFragmentsOnTwoChannels_KeepsGroupsApart()
    {
        var (a1, a2) = Split(EncodeStatic(244000001, "ALPHA"), 'A', 3);
        var (b1, b2) = Split(EncodeStatic(244000002, "BRAVO"), 'B', 3);

        Feed(a1).ShouldBe(DecodeStatus.Pending);
        Feed(b1).ShouldBe(DecodeStatus.Pending);
        _decoder.Decode(Bytes(b2), out var bravo, out _).ShouldBe(DecodeStatus.Message);
        _decoder.Decode(Bytes(a2), out var alpha, out _).ShouldBe(DecodeStatus.Message);

        bravo.Static!.ShipName.ShouldBe("BRAVO");
        alpha.Static!.ShipName.ShouldBe("ALPHA");
    }

    [Fact]
    public void Decode_SecondFragmentWithoutFirst_IsOrphan()
    {
        _decoder.Decode(Bytes(Sentences.Type5Sentences[1]), out _, out var error).ShouldBe(DecodeStatus.Error);
        error.ShouldBe(DecodeError.OrphanFragment);
    }

    [Fact]
    public void Decode_FragmentAfterTimeout_IsOrphanAndGroupIsCounted()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        var decoder = new NmeaDecoder(new NmeaDecoderOptions { FragmentTimeout = TimeSpan.FromSeconds(2) }, time);
        var (first, second) = Split(EncodeStatic(244000003, "LATE"), 'A', 4);

        decoder.Decode(Bytes(first), out _, out _).ShouldBe(DecodeStatus.Pending);
        time.Advance(TimeSpan.FromSeconds(3));
        decoder.Decode(Bytes(second), out _, out var error).ShouldBe(DecodeStatus.Error);

        error.ShouldBe(DecodeError.OrphanFragment);
        decoder.IncompleteDropped.ShouldBe(1);
        decoder.PendingGroups.ShouldBe(0);
    }

    [Fact]
    public void Decode_MoreIncompleteGroupsThanAllowed_EvictsOldestAndStaysBounded()
    {
        var decoder = new NmeaDecoder(new NmeaDecoderOptions { MaxPendingGroups = 4 });
        for (var i = 0; i < 10; i++)
        {
            var (first, _) = Split(EncodeStatic(244000100 + (uint)i, "V" + i), (char)('A' + (i % 2)), i % 10);
            decoder.Decode(Bytes(first), out _, out _);
        }

        decoder.PendingGroups.ShouldBeLessThanOrEqualTo(4);
        decoder.IncompleteDropped.ShouldBeGreaterThanOrEqualTo(6);
    }

    [Theory]
    [InlineData("tag-block")]
    [InlineData("suffix")]
    [InlineData("other-talker")]
    public void Decode_TagBlocksSuffixesAndTalkers_AreAccepted(string variant)
    {
        var sentence = Sentences.Type1Sentence;
        var line = variant switch
        {
            "tag-block" => "\\s:2573345,c:1342569600*0E\\" + sentence,
            "suffix" => sentence + ",raishub,1342569600",
            _ => Sentences.WithChecksum("!BSVDO" + Sentences.Body(sentence)[6..]) + "\r\n",
        };

        var status = _decoder.Decode(Bytes(line), out var message, out var error);

        status.ShouldBe(DecodeStatus.Message, error.Describe());
        message.Mmsi.Value.ShouldBe(244123456u);
        message.TimestampUtc.ShouldBe(variant == "tag-block" ? DateTimeOffset.FromUnixTimeSeconds(1342569600) : null);
    }

    [Theory]
    [InlineData("bad-checksum", DecodeError.BadChecksum)]
    [InlineData("missing-checksum", DecodeError.MissingChecksum)]
    [InlineData("not-ais", DecodeError.NotAis)]
    [InlineData("empty-payload", DecodeError.EmptyPayload)]
    [InlineData("fill-bits", DecodeError.BadFillBits)]
    [InlineData("illegal-character", DecodeError.IllegalPayloadCharacter)]
    [InlineData("too-short", DecodeError.PayloadTooShort)]
    [InlineData("missing-fields", DecodeError.WrongFieldCount)]
    [InlineData("fragment-numbers", DecodeError.BadFragmentFields)]
    public void Decode_BadSentence_ReturnsTheReason(string mutation, DecodeError expected)
    {
        var fields = Sentences.Body(Sentences.Type1Sentence).Split(',');
        string Line(params string[] f) => Sentences.WithChecksum(string.Join(',', f));
        var line = mutation switch
        {
            "bad-checksum" => Sentences.Type1Sentence[..^2] + (Sentences.Type1Sentence[^2..] == "00" ? "01" : "00"),
            "missing-checksum" => Sentences.Body(Sentences.Type1Sentence),
            "not-ais" => Sentences.WithChecksum("$GPZDA,120000.00,21,11,2026,00,00"),
            "empty-payload" => Line(fields[0], "1", "1", "0", "A", string.Empty, "0"),
            "fill-bits" => Line(fields[0], "1", "1", string.Empty, "A", fields[5], "7"),
            "illegal-character" => Line(fields[0], "1", "1", string.Empty, "A", fields[5][..^1] + "~", "0"),
            "too-short" => Line(fields[0], "1", "1", string.Empty, "A", fields[5][..6], "0"),
            "missing-fields" => Line(fields[0], "A", fields[5], "0"),
            _ => Line(fields[0], "1", "2", string.Empty, "A", fields[5], "0"),
        };

        _decoder.Decode(Bytes(line), out _, out var error).ShouldBe(DecodeStatus.Error);
        error.ShouldBe(expected);
    }

    [Fact]
    public void Decode_LineLongerThanLimit_IsRejectedWithoutParsing()
    {
        var line = "!AIVDM,1,1,,A," + new string('1', 5000) + ",0*00";

        _decoder.Decode(Bytes(line), out _, out var error).ShouldBe(DecodeStatus.Error);
        error.ShouldBe(DecodeError.LineTooLong);
    }

    internal static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private DecodeStatus Feed(string line) => _decoder.Decode(Bytes(line), out _, out _);

    private AisMessage DecodeOne(string line)
    {
        _decoder.Decode(Bytes(line), out var message, out var error).ShouldBe(DecodeStatus.Message, error.Describe());
        return message;
    }

    private static AisMessage EncodeStatic(uint mmsi, string name) => new()
    {
        MessageType = 5,
        Mmsi = new Mmsi(mmsi),
        Static = new AisStaticData { ShipName = name, CallSign = "CALL", Destination = "ROTTERDAM" },
    };

    private static (string First, string Second) Split(AisMessage message, char channel, int sequenceId)
    {
        var sentences = NmeaEncoder.Encode(message, channel, sequenceId);
        sentences.Count.ShouldBe(2);
        return (sentences[0], sentences[1]);
    }
}
