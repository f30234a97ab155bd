using System.Text;
using System.Text.Json.Nodes;
using AisLive.Ais.Nmea;
using AisLive.Ais.Output;

namespace AisLive.Ais.Tests.Nmea;

/// <summary>
/// The message types decoded as <see cref="AisFields"/>, on payloads built field by field with our own bit writer,
/// so each value checked is one the test put there. gpsdecode checks the same code against real captures in
/// <c>scripts/aislive conformance</c>.
/// </summary>
public sealed class FieldMessageTests
{
    [Fact]
    public void Type14_SafetyBroadcast_CarriesItsTextForTheDistressRule()
    {
        var bits = Header(14, 970123456).Unsigned(0, 2).Text("SART ACTIVE", 11);

        var message = Decode(bits);

        message.SafetyText.ShouldBe("SART ACTIVE");
        WriteJson(message)["text"]!.GetValue<string>().ShouldBe("SART ACTIVE");
    }

    [Fact]
    public void Type12_AddressedSafety_HasDestinationAndText()
    {
        var bits = Header(12, 2275200).Unsigned(1, 2).Unsigned(215724000, 30).Bool(true).Unsigned(0, 1).Text("REPORT TO VTS", 13);

        var json = WriteJson(Decode(bits));

        json["seqno"]!.GetValue<int>().ShouldBe(1);
        json["destMmsi"]!.GetValue<long>().ShouldBe(215724000);
        json["retransmit"]!.GetValue<bool>().ShouldBeTrue();
        json["text"]!.GetValue<string>().ShouldBe("REPORT TO VTS");
    }

    [Fact]
    public void Type15_Interrogation_UsesGpsdNamesInCamelCase()
    {
        var bits = Header(15, 259461000).Unsigned(0, 2).Unsigned(235674000, 30).Unsigned(5, 6).Unsigned(17, 12)
            .Unsigned(0, 2).Unsigned(24, 6).Unsigned(300, 12).Unsigned(0, 2).Unsigned(0, 30).Unsigned(0, 6).Unsigned(0, 12).Unsigned(0, 2);

        var json = WriteJson(Decode(bits));

        json["mmsi1"]!.GetValue<long>().ShouldBe(235674000);
        json["type11"]!.GetValue<int>().ShouldBe(5);
        json["offset11"]!.GetValue<int>().ShouldBe(17);
        json["type12"]!.GetValue<int>().ShouldBe(24);
        json["offset12"]!.GetValue<int>().ShouldBe(300);
        json.ContainsKey("offset1_1").ShouldBeFalse();
    }

    [Fact]
    public void Type8_Imo289Weather_IsScaledAsGpsdScalesIt()
    {
        var bits = Header(8, 992509977).Unsigned(0, 2).Unsigned(1, 10).Unsigned(31, 6)
            .Signed(-368046, 25).Signed(3197694, 24).Bool(false) // lon -6.1341, lat 53.29490
            .Unsigned(29, 5).Unsigned(23, 5).Unsigned(24, 6) // day 29, 23:24
            .Unsigned(12, 7).Unsigned(15, 7).Unsigned(270, 9).Unsigned(280, 9) // wind
            .Signed(-35, 11).Unsigned(80, 7).Signed(-12, 10) // air -3.5 °C, humidity 80 %, dew point -1.2 °C
            .Unsigned(214, 9).Unsigned(2, 2).Bool(false).Unsigned(85, 7) // 1013 hPa, decreasing, 8.5 nm
            .Unsigned(1234, 12).Unsigned(1, 2) // water level 2.34 m, increasing
            .Unsigned(0, 61).Unsigned(0, 46).Unsigned(3, 4).Signed(87, 10).Unsigned(1, 3).Unsigned(350, 9).Unsigned(1, 2).Unsigned(0, 10);

        var json = WriteJson(Decode(bits));

        json["dac"]!.GetValue<int>().ShouldBe(1);
        json["fid"]!.GetValue<int>().ShouldBe(31);
        json["lon"]!.GetValue<double>().ShouldBe(-6.1341, 1e-9);
        json["lat"]!.GetValue<double>().ShouldBe(53.2949, 1e-9);
        json["timestamp"]!.GetValue<string>().ShouldBe("29T23:24Z");
        json["airtemp"]!.GetValue<double>().ShouldBe(-3.5);
        json["dewpoint"]!.GetValue<double>().ShouldBe(-1.2);
        json["pressure"]!.GetValue<int>().ShouldBe(1013);
        json["pressuretend"]!.GetValue<string>().ShouldBe("decreasing");
        json["visibility"]!.GetValue<double>().ShouldBe(8.5);
        json["waterlevel"]!.GetValue<double>().ShouldBe(2.34);
        json["leveltrend"]!.GetValue<string>().ShouldBe("increasing");
        json["watertemp"]!.GetValue<double>().ShouldBe(8.7);
        json["preciptype"]!.GetValue<string>().ShouldBe("rain");
        json["salinity"]!.GetValue<double>().ShouldBe(35.0);
        json["ice"]!.GetValue<string>().ShouldBe("yes");
        json.ContainsKey("data").ShouldBeFalse();
    }

    [Fact]
    public void Type8_InlandStaticData_HasItsFields()
    {
        var bits = Header(8, 244670973).Unsigned(0, 2).Unsigned(200, 10).Unsigned(10, 6)
            .Text("02333145", 8).Unsigned(1100, 13).Unsigned(135, 10).Unsigned(8022, 14).Unsigned(1, 3).Unsigned(204, 11)
            .Unsigned(2, 2).Bool(true).Bool(false).Bool(true).Unsigned(0, 8);

        var json = WriteJson(Decode(bits));

        json["vin"]!.GetValue<string>().ShouldBe("02333145");
        json["length"]!.GetValue<int>().ShouldBe(1100);
        json["beam"]!.GetValue<int>().ShouldBe(135);
        json["shiptype"]!.GetValue<int>().ShouldBe(8022);
        json["hazard"]!.GetValue<int>().ShouldBe(1);
        json["draught"]!.GetValue<int>().ShouldBe(204);
        json["loaded"]!.GetValue<int>().ShouldBe(2);
        json["speedQ"]!.GetValue<bool>().ShouldBeTrue();
        json["courseQ"]!.GetValue<bool>().ShouldBeFalse();
        json["headingQ"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void Type6_UnknownApplication_KeepsDacFidAndTheBitsAsHex()
    {
        // 12 data bits: 0xAB then 0b1100, written by gpsd as "12:abc0".
        var bits = Header(6, 219010982).Unsigned(0, 2).Unsigned(2194004, 30).Bool(true).Unsigned(0, 1)
            .Unsigned(265, 10).Unsigned(60, 6).Unsigned(0xABC, 12);

        var json = WriteJson(Decode(bits));

        json["destMmsi"]!.GetValue<long>().ShouldBe(2194004);
        json["dac"]!.GetValue<int>().ShouldBe(265);
        json["fid"]!.GetValue<int>().ShouldBe(60);
        json["data"]!.GetValue<string>().ShouldBe("12:abc0");
    }

    [Fact]
    public void Type22_Broadcast_HasItsAreaInDegrees()
    {
        var bits = Header(22, 3160048).Unsigned(0, 2).Unsigned(2087, 12).Unsigned(2088, 12).Unsigned(0, 4).Bool(false)
            .Signed(-44100, 18).Signed(27330, 17).Signed(-48100, 18).Signed(25400, 17).Bool(false).Bool(false).Bool(true).Unsigned(4, 3).Unsigned(0, 23);

        var json = WriteJson(Decode(bits));

        json["neLon"]!.GetValue<double>().ShouldBe(-73.5);
        json["neLat"]!.GetValue<double>().ShouldBe(45.55);
        json["swLat"]!.GetValue<double>().ShouldBe(25400 / 600.0);
        json["bandB"]!.GetValue<bool>().ShouldBeTrue();
        json["zonesize"]!.GetValue<int>().ShouldBe(4);
        json.ContainsKey("dest1").ShouldBeFalse();
    }

    [Fact]
    public void Type26_TooShortForItsAddressAndApplicationId_IsAnError()
    {
        // Addressed and structured: 40 + 30 + 16 bits before the data, then 20 bits of radio status. 70 bits cannot hold it.
        var bits = Header(26, 137920605).Bool(true).Bool(true).Unsigned(838351848, 30).Unsigned(0, 2);

        new NmeaDecoder().Decode(Encoding.ASCII.GetBytes(Sentence(bits)), out _, out var error).ShouldBe(DecodeStatus.Error);
        error.ShouldBe(DecodeError.PayloadTooShort);
    }

    private static PayloadBitWriter Header(int type, uint mmsi) => new PayloadBitWriter().Unsigned(type, 6).Unsigned(0, 2).Unsigned(mmsi, 30);

    private static string Sentence(PayloadBitWriter bits)
    {
        var (payload, fill) = bits.Armour();
        return Sentences.WithChecksum($"!AIVDM,1,1,,A,{payload},{fill}");
    }

    private static AisMessage Decode(PayloadBitWriter bits)
    {
        new NmeaDecoder().Decode(Encoding.ASCII.GetBytes(Sentence(bits)), out var message, out var error).ShouldBe(DecodeStatus.Message, error.Describe());
        message.Fields.ShouldNotBeNull();
        return message;
    }

    private static JsonObject WriteJson(in AisMessage message)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var line = new JsonLine(output);
        DecodedMessageWriter.Write(ref line, message);
        line.End();
        return JsonNode.Parse(output.WrittenSpan)!.AsObject();
    }
}
