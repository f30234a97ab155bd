using System.Text;
using AisLive.Ais.Nmea;

namespace AisLive.Ais.Tests.Nmea;

public sealed class NmeaDecoderTests
{
    private readonly NmeaDecoder _decoder = new();

    [Fact]
    public void Decode_Type1SingleFragment_ReadsEveryField()
    {
        var message = DecodeOne("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A");

        message.MessageType.ShouldBe(1);
        message.Mmsi.Value.ShouldBe(371798000u);
        message.NavigationStatus.ShouldBe(0);
        message.RateOfTurnRaw.ShouldBe(-127);
        message.SpeedKnots.ShouldBe(12.3);
        message.PositionAccuracy.ShouldBe(true);
        message.Longitude.ShouldBe(-123.39538333333333);
        message.Latitude.ShouldBe(48.38163333333333);
        message.CourseDegrees.ShouldBe(224.0);
        message.HeadingDegrees.ShouldBe(215);
        message.UtcSecond.ShouldBe(33);
        message.Static.ShouldBeNull();
    }

    [Fact]
    public void Decode_NotAvailableSentinels_BecomeNull()
    {
        var message = DecodeOne("!AIVDM,1,1,,A,16SteH0P00Jt63hHaa6SagvJ087r,0*42");

        message.HeadingDegrees.ShouldBeNull();
        message.RateOfTurnRaw.ShouldBe(-128);
        message.RateOfTurnDegreesPerMinute.ShouldBeNull();
    }

    [Fact]
    public void Decode_TwoFragmentType5_ReassemblesStaticData()
    {
        Feed("!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C").ShouldBe(DecodeStatus.Pending);
        var status = _decoder.Decode(Bytes("!AIVDM,2,2,1,A,88888888880,2*25"), out var message, out var error);

        status.ShouldBe(DecodeStatus.Message, error.Describe());
        message.MessageType.ShouldBe(5);
        message.Mmsi.Value.ShouldBe(351759000u);
        message.Static!.ShipName.ShouldBe("EVER DIADEM");
        message.Static.CallSign.ShouldBe("3FOF8");
        message.Static.Destination.ShouldBe("NEW YORK");
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
        _decoder.Decode(Bytes("!AIVDM,2,2,1,A,88888888880,2*25"), out _, out var error).ShouldBe(DecodeStatus.Error);
        error.ShouldBe(DecodeError.OrphanFragment);
    }

    [Fact]
    public void Decode_FragmentAfterTimeout_IsOrphanAndGroupIsCounted()
    {
        var time = new ManualTimeProvider();
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
    [InlineData("\\s:2573345,c:1342569600*0E\\!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A", 1342569600L)]
    [InlineData("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A,raishub,1342569600", 0L)]
    [InlineData("!BSVDO,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*51\r\n", 0L)]
    public void Decode_TagBlocksSuffixesAndTalkers_AreAccepted(string line, long unixTime)
    {
        var status = _decoder.Decode(Bytes(line), out var message, out var error);

        status.ShouldBe(DecodeStatus.Message, error.Describe());
        message.Mmsi.Value.ShouldBe(371798000u);
        message.TimestampUtc.ShouldBe(unixTime > 0 ? DateTimeOffset.FromUnixTimeSeconds(unixTime) : null);
    }

    [Theory]
    [InlineData("!AIVDM,1,1,,B,15NG6V0P01G?cFhE`R2IU?wn28R>,0*FF", DecodeError.BadChecksum)]
    [InlineData("!AIVDM,1,1,,B,15NG6V0P01G?cFhE`R2IU?wn28R>,0", DecodeError.MissingChecksum)]
    [InlineData("$PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B*5B", DecodeError.NotAis)]
    [InlineData("!AIVDM,1,1,0,A,,0*16", DecodeError.EmptyPayload)]
    [InlineData("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,7*4D", DecodeError.BadFillBits)]
    [InlineData("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208C~,0*17", DecodeError.IllegalPayloadCharacter)]
    [InlineData("!AIVDM,1,1,,A,15RTgt,0*4B", DecodeError.PayloadTooShort)]
    [InlineData("!AIVDM,,A,91b77=h3h00nHt0Q3r@@07000<0b,0*69", DecodeError.WrongFieldCount)]
    [InlineData("!AIVDM,1,2,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*49", DecodeError.BadFragmentFields)]
    public void Decode_BadSentence_ReturnsTheReason(string line, DecodeError expected)
    {
        _decoder.Decode(Bytes(WithChecksum(line, expected)), out _, out var error).ShouldBe(DecodeStatus.Error);
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

    /// <summary>Gives a test line a correct checksum unless the test is about the checksum itself.</summary>
    private static string WithChecksum(string line, DecodeError expected)
    {
        var star = line.LastIndexOf('*');
        if (expected is DecodeError.BadChecksum or DecodeError.MissingChecksum or DecodeError.NotAis || star < 0)
        {
            return line;
        }

        var checksum = 0;
        foreach (var c in line.AsSpan(1, star - 1))
        {
            checksum ^= c;
        }

        return $"{line[..(star + 1)]}{checksum:X2}";
    }

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
