using System.Globalization;

namespace AisLive.Ais.Nmea.Payloads;

/// <summary>
/// The binary application payloads of types 6 and 8 that matter at sea and that gpsd decodes: meteorological and
/// hydrological data (DAC 1 FI 11, IMO236; DAC 1 FI 31, IMO289), inland ship static and voyage data (DAC 200 FI 10),
/// and AtoN monitoring data (DAC 235 and 250 FI 10, GLA). Scaling and names follow gpsd's scaled JSON, including its
/// text for trends, precipitation and ice where gpsd prints text rather than the code. The inland and the other
/// IMO payloads are in <see cref="InlandPayloads"/> and <see cref="ImoPayloads"/>.
/// </summary>
internal static class ApplicationPayloads
{
    private static readonly string[] Trends = ["steady", "increasing", "decreasing", "N/A"];
    private static readonly string[] PrecipitationTypes = ["reserved", "rain", "thunderstorm", "freezing rain", "mixed/ice", "snow", "reserved", "N/A"];
    private static readonly string[] Ice = ["no", "yes", "reserved", "N/A"];

    /// <summary>
    /// Adds the payload's fields and returns true when (type, DAC, FI) is one we decode and the length fits its
    /// layout. Lengths are gpsd's: a 344-bit IMO236 report (the ice field cut short) still decodes, reading the
    /// missing bits as zero, and a DAC 200 FI 10 longer than its 168 bits is not that message and stays data.
    /// </summary>
    public static bool TryDecode(in PayloadBits bits, int type, int dac, int fid, int start, AisFields fields)
    {
        switch ((type, dac, fid))
        {
            case (8, 1, 11) when bits.BitLength >= 344:
                MeteorologicalImo236(bits, fields);
                return true;
            case (8, 1, 31) when bits.BitLength >= 350:
                MeteorologicalImo289(bits, fields);
                return true;
            case (8, 200, 10) when bits.BitLength is >= 160 and <= 168:
                InlandStaticAndVoyage(bits, fields);
                return true;
            case (6, 200, 21) when bits.BitLength == 248:
                InlandPayloads.LockBridgeTerminal(bits, isRta: false, fields);
                return true;
            case (6, 200, 22) when bits.BitLength == 232:
                InlandPayloads.LockBridgeTerminal(bits, isRta: true, fields);
                return true;
            case (6, 200, 55) when bits.BitLength == 168:
                InlandPayloads.PersonsOnBoard(bits, fields);
                return true;
            case (8, 200, 24) when bits.BitLength == 168:
                InlandPayloads.WaterLevels(bits, fields);
                return true;
            case (6, 1, 14) when bits.BitLength >= 97:
                ImoListPayloads.TidalWindows(bits, imo236: true, fields);
                return true;
            case (6, 1, 32) when bits.BitLength >= 97:
                ImoListPayloads.TidalWindows(bits, imo236: false, fields);
                return true;
            case (6, 1, 25) when bits.BitLength >= 100:
                ImoListPayloads.Cargos(bits, fields);
                return true;
            case (6, 1, 28) when bits.BitLength >= 149:
                ImoListPayloads.Route(bits, 88, fields);
                return true;
            case (8, 1, 27) when bits.BitLength >= 117:
                ImoListPayloads.Route(bits, 56, fields);
                return true;
            case (8, 200, 40) when bits.BitLength == 168:
                InlandPayloads.SignalStatus(bits, fields);
                return true;
            case (6, 1, 12):
                ImoPayloads.DangerousCargo(bits, fields);
                return true;
            case (6, 1, 16) when bits.BitLength - start == 136:
                ImoPayloads.PersonsOnBoard(bits, start, fields);
                return true;
            case (6, 1, 18):
                ImoPayloads.ClearanceTime(bits, fields);
                return true;
            case (6, 1, 20) when bits.BitLength >= 360:
                ImoPayloads.Berthing(bits, fields);
                return true;
            case (6, 1, 30) when bits.BitLength >= 98:
                ImoPayloads.TextDescription(bits, 88, fields);
                return true;
            case (8, 1, 13) when bits.BitLength >= 472:
                ImoPayloads.FairwayClosed(bits, fields);
                return true;
            case (6, 1, 15) when bits.BitLength >= 99:
                ImoPayloads.AirDraught(bits, 88, fields);
                return true;
            case (8, 1, 15) when bits.BitLength >= 67:
                ImoPayloads.AirDraught(bits, 56, fields);
                return true;
            case (8, 1, 19) when bits.BitLength >= 258:
                ImoPayloads.TrafficSignal(bits, fields);
                return true;
            case (8, 200, 23) when bits.BitLength == 256:
                InlandPayloads.WeatherWarning(bits, fields);
                return true;
            case (8, 1, 29) when bits.BitLength >= 66:
                ImoPayloads.TextDescription(bits, 56, fields);
                return true;
            case (6, 235 or 250, 10) when bits.BitLength >= start + 44:
                AidToNavigationMonitoring(bits, start, fields);
                return true;
            default:
                return false;
        }
    }

    private static void MeteorologicalImo236(in PayloadBits bits, AisFields fields)
    {
        fields.Scaled("lat", bits.Signed(56, 24) / 60_000.0)
            .Scaled("lon", bits.Signed(80, 25) / 60_000.0)
            .Text("timestamp", DayTime(bits.Unsigned(105, 5), bits.Unsigned(110, 5), bits.Unsigned(115, 6)))
            .Whole("wspeed", bits.Unsigned(121, 7))
            .Whole("wgust", bits.Unsigned(128, 7))
            .Whole("wdir", bits.Unsigned(135, 9))
            .Whole("wgustdir", bits.Unsigned(144, 9))
            .Whole("humidity", bits.Unsigned(164, 7))
            .Scaled("airtemp", ((int)bits.Unsigned(153, 11) - 600) / 10.0)
            .Scaled("dewpoint", ((int)bits.Unsigned(171, 10) - 200) / 10.0)
            .Whole("pressure", bits.Unsigned(181, 9) + 800)
            .Text("pressuretend", Trends[bits.Unsigned(190, 2)])
            .Scaled("visibility", bits.Unsigned(192, 8) / 10.0)
            .Scaled("waterlevel", ((int)bits.Unsigned(200, 9) - 100) / 10.0)
            .Text("leveltrend", Trends[bits.Unsigned(209, 2)]);
        Currents(bits, 211, fields);
        Waves(bits, 272, fields);
        fields.Whole("seastate", bits.Unsigned(318, 4))
            .Scaled("watertemp", ((int)bits.Unsigned(322, 10) - 100) / 10.0)
            .Whole("preciptype", bits.Unsigned(332, 3))
            .Scaled("salinity", bits.Unsigned(335, 9) / 10.0)
            .Whole("ice", bits.Unsigned(344, 2));
    }

    private static void MeteorologicalImo289(in PayloadBits bits, AisFields fields)
    {
        fields.Scaled("lat", bits.Signed(81, 24) / 60_000.0)
            .Scaled("lon", bits.Signed(56, 25) / 60_000.0)
            .Flag("accuracy", bits.Bool(105))
            .Text("timestamp", DayTime(bits.Unsigned(106, 5), bits.Unsigned(111, 5), bits.Unsigned(116, 6)))
            .Whole("wspeed", bits.Unsigned(122, 7))
            .Whole("wgust", bits.Unsigned(129, 7))
            .Whole("wdir", bits.Unsigned(136, 9))
            .Whole("wgustdir", bits.Unsigned(145, 9))
            .Whole("humidity", bits.Unsigned(165, 7))
            .Scaled("airtemp", bits.Signed(154, 11) / 10.0)
            .Scaled("dewpoint", bits.Signed(172, 10) / 10.0)
            .Whole("pressure", bits.Unsigned(182, 9) + 799)
            .Text("pressuretend", Trends[bits.Unsigned(191, 2)])
            .Flag("visgreater", bits.Bool(193))
            .Scaled("visibility", bits.Unsigned(194, 7) / 10.0)
            .Scaled("waterlevel", ((int)bits.Unsigned(201, 12) - 1000) / 100.0)
            .Text("leveltrend", Trends[bits.Unsigned(213, 2)]);
        Currents(bits, 215, fields);
        Waves(bits, 276, fields);
        fields.Whole("seastate", bits.Unsigned(322, 4))
            .Scaled("watertemp", bits.Signed(326, 10) / 10.0)
            .Text("preciptype", PrecipitationTypes[bits.Unsigned(336, 3)])
            .Scaled("salinity", bits.Unsigned(339, 9) / 10.0)
            .Text("ice", Ice[bits.Unsigned(348, 2)]);
    }

    /// <summary>Surface current, then currents at two depths: 61 bits in both meteorological layouts.</summary>
    private static void Currents(in PayloadBits bits, int start, AisFields fields) => fields
        .Scaled("cspeed", bits.Unsigned(start, 8) / 10.0)
        .Whole("cdir", bits.Unsigned(start + 8, 9))
        .Scaled("cspeed2", bits.Unsigned(start + 17, 8) / 10.0)
        .Whole("cdir2", bits.Unsigned(start + 25, 9))
        .Whole("cdepth2", bits.Unsigned(start + 34, 5))
        .Scaled("cspeed3", bits.Unsigned(start + 39, 8) / 10.0)
        .Whole("cdir3", bits.Unsigned(start + 47, 9))
        .Whole("cdepth3", bits.Unsigned(start + 56, 5));

    /// <summary>Wind waves, then swell: 46 bits in both meteorological layouts.</summary>
    private static void Waves(in PayloadBits bits, int start, AisFields fields) => fields
        .Scaled("waveheight", bits.Unsigned(start, 8) / 10.0)
        .Whole("waveperiod", bits.Unsigned(start + 8, 6))
        .Whole("wavedir", bits.Unsigned(start + 14, 9))
        .Scaled("swellheight", bits.Unsigned(start + 23, 8) / 10.0)
        .Whole("swellperiod", bits.Unsigned(start + 31, 6))
        .Whole("swelldir", bits.Unsigned(start + 37, 9));

    private static void InlandStaticAndVoyage(in PayloadBits bits, AisFields fields) => fields
        .Text("vin", bits.Text(56, 8))
        .Whole("length", bits.Unsigned(104, 13))
        .Whole("beam", bits.Unsigned(117, 10))
        .Whole("shiptype", bits.Unsigned(127, 14))
        .Whole("hazard", bits.Unsigned(141, 3))
        .Whole("draught", bits.Unsigned(144, 11))
        .Whole("loaded", bits.Unsigned(155, 2))
        .Flag("speedQ", bits.Bool(157))
        .Flag("courseQ", bits.Bool(158))
        .Flag("headingQ", bits.Bool(159));

    private static void AidToNavigationMonitoring(in PayloadBits bits, int start, AisFields fields) => fields
        .Flag("offPos", bits.Bool(start + 43))
        .Flag("alarm", bits.Bool(start + 34))
        .Whole("statExt", bits.Unsigned(start + 35, 8))
        .Scaled("anaInt", Volts(bits.Unsigned(start, 10)))
        .Scaled("anaExt1", Volts(bits.Unsigned(start + 10, 10)))
        .Scaled("anaExt2", Volts(bits.Unsigned(start + 20, 10)))
        .Whole("racon", bits.Unsigned(start + 30, 2))
        .Whole("light", bits.Unsigned(start + 32, 2));

    /// <summary>Analogue readings are in 0.05 V steps; raw × 5 / 100 keeps 273 as 13.65 where raw × 0.05 would not.</summary>
    private static double Volts(uint raw) => raw * 5 / 100.0;

    /// <summary>gpsd's partial ISO 8601 form of a day, hour and minute: <c>DDTHH:MMZ</c>.</summary>
    private static string DayTime(uint day, uint hour, uint minute) =>
        string.Create(CultureInfo.InvariantCulture, $"{day:00}T{hour:00}:{minute:00}Z");
}
