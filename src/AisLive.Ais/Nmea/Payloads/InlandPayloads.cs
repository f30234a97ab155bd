using System.Globalization;

namespace AisLive.Ais.Nmea.Payloads;

/// <summary>
/// Inland AIS application payloads (DAC 200) that gpsd decodes, with gpsd's names and, as gpsd does, only at the
/// exact length of their layout (anything else stays <c>data</c>).
/// </summary>
internal static class InlandPayloads
{
    /// <summary>FI 21 (ETA at a lock, bridge or terminal) and FI 22 (RTA): the same place fields, then ETA and tugs/air draught, or status.</summary>
    public static void LockBridgeTerminal(in PayloadBits bits, bool isRta, AisFields fields)
    {
        fields.Text("country", bits.Text(88, 2))
            .Text("locode", bits.Text(100, 3))
            .Text("section", bits.Text(118, 5))
            .Text("terminal", bits.Text(148, 5))
            .Text("hectometre", bits.Text(178, 5))
            .Text("eta", string.Create(CultureInfo.InvariantCulture, $"{bits.Unsigned(208, 4)}-{bits.Unsigned(212, 5)}T{bits.Unsigned(217, 5)}:{bits.Unsigned(222, 6)}"));
        if (isRta)
        {
            fields.Whole("status", bits.Unsigned(228, 2));
        }
        else
        {
            fields.Whole("tugs", bits.Unsigned(228, 3)).Whole("airdraught", bits.Unsigned(231, 12));
        }
    }

    /// <summary>
    /// FI 55, persons on board: a quarter of the type 6 messages on European inland waters. Raw counts, as gpsd
    /// prints them: 255 crew or personnel and 8,191 passengers mean "unknown" in the inland standard.
    /// </summary>
    public static void PersonsOnBoard(in PayloadBits bits, AisFields fields) => fields
        .Whole("crew", bits.Unsigned(88, 8))
        .Whole("passengers", bits.Unsigned(96, 13))
        .Whole("personnel", bits.Unsigned(109, 8));

    /// <summary>Type 8 FI 24, water levels: a country and four gauges (id, level in centimetres, raw as gpsd prints it).</summary>
    public static void WaterLevels(in PayloadBits bits, AisFields fields)
    {
        var gauges = new List<AisFields>(4);
        for (var a = 68; a + 25 <= bits.BitLength && gauges.Count < 4; a += 25)
        {
            gauges.Add(new AisFields().Whole("id", bits.Unsigned(a, 11)).Whole("level", bits.Signed(a + 11, 14)));
        }

        fields.Text("country", bits.Text(56, 2)).Rows("gauges", gauges);
    }

    /// <summary>
    /// Type 8 FI 23, an EMMA weather warning: its validity (years since 2000), the stretch of fairway it covers, and
    /// the kind, range and intensity of the weather. gpsd names the kind <c>type</c> and the intensity <c>class</c>,
    /// beside the message's own <c>type</c> and <c>class</c> (JSON that does not parse), and prints the start as
    /// year-month-hour-minute-day; decode says <c>weatherType</c> and <c>intensity</c> and writes the start in order.
    /// </summary>
    public static void WeatherWarning(in PayloadBits bits, AisFields fields) => fields
        .Text("start", string.Create(CultureInfo.InvariantCulture, $"{bits.Unsigned(56, 8) + 2000}-{bits.Unsigned(64, 4):00}-{bits.Unsigned(68, 5):00}T{bits.Unsigned(90, 5):00}:{bits.Unsigned(95, 6):00}"))
        .Text("end", string.Create(CultureInfo.InvariantCulture, $"{bits.Unsigned(73, 8) + 2000}-{bits.Unsigned(81, 4):00}-{bits.Unsigned(85, 5):00}T{bits.Unsigned(101, 5):00}:{bits.Unsigned(106, 6):00}"))
        .Scaled("startLon", bits.Signed(112, 28) / 600_000.0)
        .Scaled("startLat", bits.Signed(140, 27) / 600_000.0)
        .Scaled("endLon", bits.Signed(167, 28) / 600_000.0)
        .Scaled("endLat", bits.Signed(195, 27) / 600_000.0)
        .Whole("weatherType", bits.Unsigned(222, 4))
        .Whole("min", bits.Signed(226, 9))
        .Whole("max", bits.Signed(235, 9))
        .Whole("intensity", bits.Unsigned(244, 2))
        .Whole("wind", bits.Unsigned(246, 4));

    /// <summary>Type 8 FI 40, signal status of a lock or bridge signal, at 1/10,000 minute.</summary>
    public static void SignalStatus(in PayloadBits bits, AisFields fields) => fields
        .Scaled("lon", bits.Signed(56, 28) / 600_000.0)
        .Scaled("lat", bits.Signed(84, 27) / 600_000.0)
        .Whole("form", bits.Unsigned(111, 4))
        .Whole("facing", bits.Unsigned(115, 9))
        .Whole("direction", bits.Unsigned(124, 3))
        .Whole("status", bits.Unsigned(127, 30));
}
