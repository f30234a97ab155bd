using System.Globalization;

namespace AisLive.Ais.Nmea.Payloads;

/// <summary>
/// The international application payloads (DAC 1, IMO SN.1/Circ.236 and 289) other than the meteorological ones,
/// as gpsd decodes them: its names, its scaling and its partial ISO 8601 times (zero-padded or not, with or without
/// the Z, exactly as gpsd writes each).
/// </summary>
internal static class ImoPayloads
{
    /// <summary>Type 6 FI 12 (IMO236): dangerous cargo indication.</summary>
    public static void DangerousCargo(in PayloadBits bits, AisFields fields) => fields
        .Text("lastport", bits.Text(88, 5))
        .Text("departure", Padded(bits, 118, 122, 127, 132, "Z"))
        .Text("nextport", bits.Text(138, 5))
        .Text("eta", Padded(bits, 168, 172, 177, 182, "Z"))
        .Text("dangerous", bits.Text(188, 20))
        .Text("imdcat", bits.Text(308, 4))
        .Whole("unid", bits.Unsigned(332, 13))
        .Whole("amount", bits.Unsigned(345, 10))
        .Whole("unit", bits.Unsigned(355, 2));

    /// <summary>
    /// Type 6 FI 16 (IMO289, 136 bits of data): persons on board. The broadcast form (type 8) stays data: gpsd and
    /// libais disagree on its length and its bits (gpsd decodes 128 bits from bit 55 and prints a field of another
    /// record; libais 72 bits from bit 56), and the circular is not at hand to settle it.
    /// </summary>
    public static void PersonsOnBoard(in PayloadBits bits, int start, AisFields fields) => fields
        .Whole("persons", bits.Unsigned(start, 13));

    /// <summary>Type 6 FI 18 (IMO289): clearance time to enter port.</summary>
    public static void ClearanceTime(in PayloadBits bits, AisFields fields) => fields
        .Whole("linkage", bits.Unsigned(88, 10))
        .Text("arrival", Padded(bits, 98, 102, 107, 112, "Z"))
        .Text("portname", bits.Text(118, 20))
        .Text("destination", bits.Text(238, 5))
        .Scaled("lon", bits.Signed(268, 25) / 60_000.0)
        .Scaled("lat", bits.Signed(293, 24) / 60_000.0);

    /// <summary>Type 6 FI 20 (IMO289): berthing data, with the 26 two-bit service availabilities in gpsd's order.</summary>
    public static void Berthing(in PayloadBits bits, AisFields fields)
    {
        fields.Whole("linkage", bits.Unsigned(88, 10))
            .Whole("berthLength", bits.Unsigned(98, 9))
            .Whole("position", bits.Unsigned(115, 3))
            .Text("arrival", string.Create(CultureInfo.InvariantCulture, $"{bits.Unsigned(118, 4)}-{bits.Unsigned(122, 5)}T{bits.Unsigned(127, 5)}:{bits.Unsigned(132, 6)}"))
            .Whole("availability", bits.Unsigned(138, 1));
        for (var i = 0; i < BerthServices.Length; i++)
        {
            fields.Whole(BerthServices[i], bits.Unsigned(139 + (2 * i), 2));
        }

        fields.Text("berthName", bits.Text(191, 20))
            .Scaled("berthLon", bits.Signed(311, 25) / 60_000.0)
            .Scaled("berthLat", bits.Signed(336, 24) / 60_000.0)
            .Scaled("berthDepth", bits.Unsigned(107, 8) / 10.0);
    }

    /// <summary>Type 6 FI 30 and type 8 FI 29 (IMO289): a linkage id and free text to the end of the payload.</summary>
    public static void TextDescription(in PayloadBits bits, int start, AisFields fields) => fields
        .Whole("linkage", bits.Unsigned(start, 10))
        .Text("text", bits.Text(start + 10, (bits.BitLength - start - 10) / 6));

    /// <summary>Type 8 FI 13 (IMO236): fairway closed.</summary>
    public static void FairwayClosed(in PayloadBits bits, AisFields fields) => fields
        .Text("reason", bits.Text(56, 20))
        .Text("closefrom", bits.Text(176, 20))
        .Text("closeto", bits.Text(296, 20))
        .Whole("radius", bits.Unsigned(416, 10))
        .Whole("extunit", bits.Unsigned(426, 2))
        .Text("from", Padded(bits, month: 433, day: 428, hour: 437, minute: 442, suffix: string.Empty))
        .Text("to", Padded(bits, month: 453, day: 448, hour: 457, minute: 462, suffix: string.Empty));

    /// <summary>
    /// Type 6 and 8 FI 15 (IMO236): extended ship static data, the air draught alone, first in the application data
    /// (bit 88 of type 6, bit 56 of type 8). gpsd reads bit 56 for type 6 too, inside the destination MMSI.
    /// </summary>
    public static void AirDraught(in PayloadBits bits, int start, AisFields fields) => fields
        .Whole("airdraught", bits.Unsigned(start, 11));

    /// <summary>Type 8 FI 19 (IMO289): marine traffic signal.</summary>
    public static void TrafficSignal(in PayloadBits bits, AisFields fields) => fields
        .Whole("linkage", bits.Unsigned(56, 10))
        .Text("station", bits.Text(66, 20))
        .Scaled("lon", bits.Signed(186, 25) / 60_000.0)
        .Scaled("lat", bits.Signed(211, 24) / 60_000.0)
        .Whole("status", bits.Unsigned(235, 2))
        .Whole("signal", bits.Unsigned(237, 5))
        .Whole("hour", bits.Unsigned(242, 5))
        .Whole("minute", bits.Unsigned(247, 6))
        .Whole("nextsignal", bits.Unsigned(253, 5));

    private static readonly string[] BerthServices =
    [
        "agent", "fuel", "chandler", "stevedore", "electrical", "water", "customs", "cartage", "crane", "lift", "medical", "navrepair",
        "provisions", "shiprepair", "surveyor", "steam", "tugs", "solidwaste", "liquidwaste", "hazardouswaste", "ballast", "additional",
        "regional1", "regional2", "future1", "future2",
    ];

    /// <summary>gpsd's zero-padded <c>MM-DDTHH:MM</c> from a month (4 bits), day (5), hour (5) and minute (6).</summary>
    private static string Padded(in PayloadBits bits, int month, int day, int hour, int minute, string suffix) =>
        string.Create(CultureInfo.InvariantCulture, $"{bits.Unsigned(month, 4):00}-{bits.Unsigned(day, 5):00}T{bits.Unsigned(hour, 5):00}:{bits.Unsigned(minute, 6):00}{suffix}");
}
