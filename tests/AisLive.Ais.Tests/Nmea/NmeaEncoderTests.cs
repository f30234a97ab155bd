using AisLive.Ais.Nmea;

namespace AisLive.Ais.Tests.Nmea;

public sealed class NmeaEncoderTests
{
    public static TheoryData<AisMessage> Messages() => new()
    {
        new AisMessage
        {
            MessageType = 1, Mmsi = new Mmsi(244123456), NavigationStatus = 5, RateOfTurnRaw = -20, SpeedKnots = 12.3, PositionAccuracy = true,
            Longitude = 4.123456666666667, Latitude = -51.98765, CourseDegrees = 359.9, HeadingDegrees = 0, UtcSecond = 59, ManeuverIndicator = 1, Raim = true,
        },
        new AisMessage { MessageType = 3, Mmsi = new Mmsi(1), NavigationStatus = 15, RateOfTurnRaw = -128, PositionAccuracy = false, UtcSecond = 60, ManeuverIndicator = 0, Raim = false },
        new AisMessage
        {
            MessageType = 18, Mmsi = new Mmsi(211306490), SpeedKnots = 4.7, PositionAccuracy = false, Longitude = 10.175381666666667, Latitude = 54.37491833333333,
            CourseDegrees = 224.2, UtcSecond = 7, Assigned = false, Raim = false,
        },
        new AisMessage
        {
            MessageType = 5, Mmsi = new Mmsi(244660640), AisVersion = 1, Epfd = 1, Dte = 0,
            Static = new AisStaticData
            {
                ImoNumber = 9134270, CallSign = "PD2026", ShipName = "RVE 56", ShipType = 99, ToBowMeters = 12, ToSternMeters = 10, ToPortMeters = 2,
                ToStarboardMeters = 3, EtaMonth = 10, EtaDay = 15, EtaHour = 9, EtaMinute = 30, DraughtMeters = 7.4, Destination = "MAASVLAKTE",
            },
        },
        new AisMessage { MessageType = 24, Mmsi = new Mmsi(232204000), Static = new AisStaticData { PartNumber = 0, ShipName = "VIVID" } },
        new AisMessage
        {
            MessageType = 24, Mmsi = new Mmsi(257702970),
            Static = new AisStaticData { PartNumber = 1, ShipType = 37, VendorId = "SRT", UnitModel = 1, SerialNumber = 292978, CallSign = "LESW", ToBowMeters = 12, ToSternMeters = 3, ToPortMeters = 3, ToStarboardMeters = 2 },
        },
        new AisMessage
        {
            MessageType = 24, Mmsi = new Mmsi(981234567),
            Static = new AisStaticData { PartNumber = 1, ShipType = 52, VendorId = "ABC", UnitModel = 2, SerialNumber = 7, CallSign = "TENDER", MothershipMmsi = new Mmsi(244123456) },
        },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Encode_ThenDecode_GivesTheSameMessage(AisMessage original)
    {
        var decoder = new NmeaDecoder();
        AisMessage decoded = default;
        var status = DecodeStatus.Error;
        foreach (var sentence in NmeaEncoder.Encode(original))
        {
            status = decoder.Decode(NmeaDecoderTests.Bytes(sentence), out decoded, out var error);
            status.ShouldNotBe(DecodeStatus.Error, $"{sentence}: {error.Describe()}");
        }

        status.ShouldBe(DecodeStatus.Message);
        (decoded with { Static = null }).ShouldBe(original with { Static = null });
        decoded.Static.ShouldBe(original.Static);
    }
}
