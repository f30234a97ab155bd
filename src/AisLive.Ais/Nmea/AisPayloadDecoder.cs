using AisLive.Ais.Nmea.Payloads;

namespace AisLive.Ais.Nmea;

/// <summary>
/// Decodes the bit fields of an AIS payload (ITU-R M.1371-5) into an <see cref="AisMessage"/>.
/// The types the pipeline uses (1-5, 9, 11, 18, 19, 21, 24, 27) become typed properties; every other type of the
/// standard becomes <see cref="AisMessage.Fields"/> (see <see cref="CommunicationMessages"/> and
/// <see cref="BinaryMessages"/>). Types the standard does not define (0, 28-63) keep their header only.
/// </summary>
internal static class AisPayloadDecoder
{
    public const int HeaderBits = 38;

    public static DecodeError Decode(in PayloadBits bits, DateTimeOffset? timestamp, out AisMessage message)
    {
        message = default;
        if (bits.BitLength < HeaderBits)
        {
            return DecodeError.PayloadTooShort;
        }

        var type = (int)bits.Unsigned(0, 6);
        var header = new AisMessage
        {
            MessageType = type,
            Repeat = (int)bits.Unsigned(6, 2),
            Mmsi = new Mmsi(bits.Unsigned(8, 30)),
            TimestampUtc = timestamp,
        };

        // Minimum lengths are the last field we read, not the nominal length: real transmitters
        // often drop the trailing spare or radio bits and every reference decoder accepts that.
        var minimumBits = type switch
        {
            1 or 2 or 3 or 4 or 11 => 149,
            5 => 420,
            9 or 18 => 148,
            19 => 308,
            21 => 272,
            24 => bits.Unsigned(38, 2) == 0 ? 160 : 162,
            27 => 96,
            6 or 8 or 17 or 25 or 26 => BinaryMessages.MinimumBits(type),
            7 or 10 or 12 or 13 or 14 or 15 or 16 or 20 or 22 or 23 => CommunicationMessages.MinimumBits(type),
            _ => HeaderBits,
        };
        if (bits.BitLength < minimumBits)
        {
            return DecodeError.PayloadTooShort;
        }

        // Type 24 has parts A (0) and B (1) only; 2 and 3 are reserved, and what follows them is not static
        // data (gpsd prints nothing, pyais raises). Decoding them anyway puts garbage into vessel records.
        if (type == 24 && bits.Unsigned(38, 2) >= 2)
        {
            return DecodeError.ReservedPartNumber;
        }

        if (type is 6 or 8 or 17 or 25 or 26)
        {
            if (BinaryMessages.Decode(bits, type) is not { } binary)
            {
                return DecodeError.PayloadTooShort;
            }

            message = header with { Fields = binary };
            return DecodeError.None;
        }

        message = type switch
        {
            1 or 2 or 3 => ClassAPosition(bits, header),
            4 or 11 => BaseStation(bits, header),
            5 => StaticAndVoyage(bits, header),
            9 => SearchAndRescueAircraft(bits, header),
            18 => ClassBPosition(bits, header),
            19 => ClassBExtended(bits, header),
            21 => AidToNavigation(bits, header),
            24 => StaticDataReport(bits, header),
            27 => LongRangeBroadcast(bits, header),
            7 or 10 or 12 or 13 or 14 or 15 or 16 or 20 or 22 or 23 => header with { Fields = CommunicationMessages.Decode(bits, type) },
            _ => header,
        };
        return DecodeError.None;
    }

    private static double? Speed(uint raw) => raw == 1023 ? null : raw / 10.0;

    private static double? Course(uint raw) => raw == 3600 ? null : raw / 10.0;

    private static int? Heading(uint raw) => raw == 511 ? null : (int)raw;

    private static double? Longitude(int raw) => raw == 181 * 600_000 ? null : raw / 600_000.0;

    private static double? Latitude(int raw) => raw == 91 * 600_000 ? null : raw / 600_000.0;

    private static AisMessage ClassAPosition(in PayloadBits bits, in AisMessage header) => header with
    {
        NavigationStatus = (int)bits.Unsigned(38, 4),
        RateOfTurnRaw = bits.Signed(42, 8),
        SpeedKnots = Speed(bits.Unsigned(50, 10)),
        PositionAccuracy = bits.Bool(60),
        Longitude = Longitude(bits.Signed(61, 28)),
        Latitude = Latitude(bits.Signed(89, 27)),
        CourseDegrees = Course(bits.Unsigned(116, 12)),
        HeadingDegrees = Heading(bits.Unsigned(128, 9)),
        UtcSecond = (int)bits.Unsigned(137, 6),
        ManeuverIndicator = (int)bits.Unsigned(143, 2),
        Raim = bits.Bool(148),
    };

    private static AisMessage BaseStation(in PayloadBits bits, in AisMessage header) => header with
    {
        UtcYear = (int)bits.Unsigned(38, 14),
        UtcMonth = (int)bits.Unsigned(52, 4),
        UtcDay = (int)bits.Unsigned(56, 5),
        UtcHour = (int)bits.Unsigned(61, 5),
        UtcMinute = (int)bits.Unsigned(66, 6),
        UtcSecond = (int)bits.Unsigned(72, 6),
        PositionAccuracy = bits.Bool(78),
        Longitude = Longitude(bits.Signed(79, 28)),
        Latitude = Latitude(bits.Signed(107, 27)),
        Epfd = (int)bits.Unsigned(134, 4),
        Raim = bits.Bool(148),
    };

    private static AisMessage StaticAndVoyage(in PayloadBits bits, in AisMessage header) => header with
    {
        AisVersion = (int)bits.Unsigned(38, 2),
        Epfd = (int)bits.Unsigned(270, 4),
        Dte = (int)bits.Unsigned(422, 1),
        Static = new AisStaticData
        {
            ImoNumber = (int)bits.Unsigned(40, 30),
            CallSign = bits.Text(70, 7),
            ShipName = bits.Text(112, 20),
            ShipType = (int)bits.Unsigned(232, 8),
            ToBowMeters = (int)bits.Unsigned(240, 9),
            ToSternMeters = (int)bits.Unsigned(249, 9),
            ToPortMeters = (int)bits.Unsigned(258, 6),
            ToStarboardMeters = (int)bits.Unsigned(264, 6),
            EtaMonth = (int)bits.Unsigned(274, 4),
            EtaDay = (int)bits.Unsigned(278, 5),
            EtaHour = (int)bits.Unsigned(283, 5),
            EtaMinute = (int)bits.Unsigned(288, 6),
            DraughtMeters = bits.Unsigned(294, 8) / 10.0,
            Destination = bits.Text(302, 20),
        },
    };

    private static AisMessage SearchAndRescueAircraft(in PayloadBits bits, in AisMessage header)
    {
        var speed = bits.Unsigned(50, 10);
        return header with
        {
            AltitudeMeters = (int)bits.Unsigned(38, 12),
            SpeedKnots = speed == 1023 ? null : speed, // whole knots for aircraft
            PositionAccuracy = bits.Bool(60),
            Longitude = Longitude(bits.Signed(61, 28)),
            Latitude = Latitude(bits.Signed(89, 27)),
            CourseDegrees = Course(bits.Unsigned(116, 12)),
            UtcSecond = (int)bits.Unsigned(128, 6),
            Dte = (int)bits.Unsigned(142, 1),
            Assigned = bits.Bool(146),
            Raim = bits.Bool(147),
        };
    }

    private static AisMessage ClassBPosition(in PayloadBits bits, in AisMessage header) => header with
    {
        SpeedKnots = Speed(bits.Unsigned(46, 10)),
        PositionAccuracy = bits.Bool(56),
        Longitude = Longitude(bits.Signed(57, 28)),
        Latitude = Latitude(bits.Signed(85, 27)),
        CourseDegrees = Course(bits.Unsigned(112, 12)),
        HeadingDegrees = Heading(bits.Unsigned(124, 9)),
        UtcSecond = (int)bits.Unsigned(133, 6),
        Assigned = bits.Bool(146),
        Raim = bits.Bool(147),
    };

    private static AisMessage ClassBExtended(in PayloadBits bits, in AisMessage header) => header with
    {
        SpeedKnots = Speed(bits.Unsigned(46, 10)),
        PositionAccuracy = bits.Bool(56),
        Longitude = Longitude(bits.Signed(57, 28)),
        Latitude = Latitude(bits.Signed(85, 27)),
        CourseDegrees = Course(bits.Unsigned(112, 12)),
        HeadingDegrees = Heading(bits.Unsigned(124, 9)),
        UtcSecond = (int)bits.Unsigned(133, 6),
        Epfd = (int)bits.Unsigned(301, 4),
        Raim = bits.Bool(305),
        Dte = (int)bits.Unsigned(306, 1),
        Assigned = bits.Bool(307),
        Static = new AisStaticData
        {
            ShipName = bits.Text(143, 20),
            ShipType = (int)bits.Unsigned(263, 8),
            ToBowMeters = (int)bits.Unsigned(271, 9),
            ToSternMeters = (int)bits.Unsigned(280, 9),
            ToPortMeters = (int)bits.Unsigned(289, 6),
            ToStarboardMeters = (int)bits.Unsigned(295, 6),
        },
    };

    private static AisMessage AidToNavigation(in PayloadBits bits, in AisMessage header)
    {
        var extensionCharacters = Math.Min(14, (bits.BitLength - 272) / 6);
        var name = bits.Text(43, 20);
        if (extensionCharacters > 0 && name.Length == 20)
        {
            name += bits.Text(272, extensionCharacters);
        }

        return header with
        {
            AidType = (int)bits.Unsigned(38, 5),
            PositionAccuracy = bits.Bool(163),
            Longitude = Longitude(bits.Signed(164, 28)),
            Latitude = Latitude(bits.Signed(192, 27)),
            Epfd = (int)bits.Unsigned(249, 4),
            UtcSecond = (int)bits.Unsigned(253, 6),
            OffPosition = bits.Bool(259),
            Raim = bits.Bool(268),
            VirtualAid = bits.Bool(269),
            Assigned = bits.Bool(270),
            Static = new AisStaticData
            {
                AidName = name,
                ToBowMeters = (int)bits.Unsigned(219, 9),
                ToSternMeters = (int)bits.Unsigned(228, 9),
                ToPortMeters = (int)bits.Unsigned(237, 6),
                ToStarboardMeters = (int)bits.Unsigned(243, 6),
            },
        };
    }

    private static AisMessage StaticDataReport(in PayloadBits bits, in AisMessage header)
    {
        var part = (int)bits.Unsigned(38, 2);
        if (part == 0)
        {
            return header with { Static = new AisStaticData { PartNumber = 0, ShipName = bits.Text(40, 20) } };
        }

        var auxiliary = header.Mmsi.IsAuxiliaryCraft;
        return header with
        {
            Static = new AisStaticData
            {
                PartNumber = part,
                ShipType = (int)bits.Unsigned(40, 8),
                VendorId = bits.Text(48, 3),
                UnitModel = (int)bits.Unsigned(66, 4),
                SerialNumber = (int)bits.Unsigned(70, 20),
                CallSign = bits.Text(90, 7),
                ToBowMeters = auxiliary ? null : (int)bits.Unsigned(132, 9),
                ToSternMeters = auxiliary ? null : (int)bits.Unsigned(141, 9),
                ToPortMeters = auxiliary ? null : (int)bits.Unsigned(150, 6),
                ToStarboardMeters = auxiliary ? null : (int)bits.Unsigned(156, 6),
                MothershipMmsi = auxiliary ? new Mmsi(bits.Unsigned(132, 30)) : null,
            },
        };
    }

    private static AisMessage LongRangeBroadcast(in PayloadBits bits, in AisMessage header)
    {
        var longitude = bits.Signed(44, 18);
        var latitude = bits.Signed(62, 17);
        var speed = bits.Unsigned(79, 6);
        var course = bits.Unsigned(85, 9);
        return header with
        {
            PositionAccuracy = bits.Bool(38),
            Raim = bits.Bool(39),
            NavigationStatus = (int)bits.Unsigned(40, 4),
            Longitude = longitude == 181 * 600 ? null : longitude / 600.0,
            Latitude = latitude == 91 * 600 ? null : latitude / 600.0,
            SpeedKnots = speed == 63 ? null : speed,
            CourseDegrees = course == 511 ? null : course,
        };
    }
}
