using System.Globalization;

namespace AisLive.Ais.Nmea.Payloads;

/// <summary>
/// The international application payloads that carry a list (tidal windows, cargos, route waypoints), with gpsd's
/// names. A list holds only the elements whose bits are all in the payload (and no more than the layout allows):
/// gpsd also prints an element that merely starts inside the payload, or even at its very end, read from whatever
/// follows (see <c>fixtures/README.md</c>).
/// </summary>
internal static class ImoListPayloads
{
    /// <summary>
    /// Type 6 FI 14 (IMO236) and FI 32 (IMO289): tidal windows. IMO236 gives positions in 1/10,000 minute (27 and 28
    /// bits); gpsd divides them by 60,000 as if they were IMO289's 1/1,000 minute, so its FI 14 positions are ten
    /// times too large. The right ones are kept here.
    /// </summary>
    public static void TidalWindows(in PayloadBits bits, bool imo236, AisFields fields)
    {
        var size = imo236 ? 93 : 88;
        var rows = new List<AisFields>(3);
        for (var a = 97; a + size <= bits.BitLength && rows.Count < 3; a += size)
        {
            var row = new AisFields();
            if (imo236)
            {
                row.Scaled("lon", bits.Signed(a + 27, 28) / 600_000.0).Scaled("lat", bits.Signed(a, 27) / 600_000.0);
            }
            else
            {
                row.Scaled("lon", bits.Signed(a, 25) / 60_000.0).Scaled("lat", bits.Signed(a + 25, 24) / 60_000.0);
            }

            var times = imo236 ? a + 55 : a + 49;
            row.Whole("fromHour", bits.Unsigned(times, 5))
                .Whole("fromMin", bits.Unsigned(times + 5, 6))
                .Whole("toHour", bits.Unsigned(times + 11, 5))
                .Whole("toMin", bits.Unsigned(times + 16, 6))
                .Whole("cdir", bits.Unsigned(times + 22, 9))
                .Scaled("cspeed", bits.Unsigned(times + 31, imo236 ? 7 : 8) / 10.0);
            rows.Add(row);
        }

        fields.Whole("month", bits.Unsigned(88, 4)).Whole("day", bits.Unsigned(92, 5)).Rows("tidals", rows);
    }

    /// <summary>Type 6 FI 25 (IMO289): dangerous cargo, a unit and amount, then up to 28 (code, subtype) pairs of 17 bits.</summary>
    public static void Cargos(in PayloadBits bits, AisFields fields)
    {
        var rows = new List<AisFields>();
        for (var a = 100; a + 17 <= bits.BitLength && rows.Count < 28; a += 17)
        {
            rows.Add(new AisFields().Whole("code", bits.Unsigned(a, 4)).Whole("subtype", bits.Unsigned(a + 4, 13)));
        }

        fields.Whole("unit", bits.Unsigned(88, 2)).Whole("amount", bits.Unsigned(90, 10)).Rows("cargos", rows);
    }

    /// <summary>Type 6 FI 28 and type 8 FI 27 (IMO289): route information, then its waypoints in 1/10,000 minute (at most 16).</summary>
    public static void Route(in PayloadBits bits, int start, AisFields fields)
    {
        var count = (int)bits.Unsigned(start + 56, 5);
        var rows = new List<AisFields>();
        for (var a = start + 61; rows.Count < Math.Min(count, 16) && a + 55 <= bits.BitLength; a += 55)
        {
            rows.Add(new AisFields().Scaled("lon", bits.Signed(a, 28) / 600_000.0).Scaled("lat", bits.Signed(a + 28, 27) / 600_000.0));
        }

        fields.Whole("linkage", bits.Unsigned(start, 10))
            .Whole("sender", bits.Unsigned(start + 10, 3))
            .Whole("rtype", bits.Unsigned(start + 13, 5))
            .Text("start", string.Create(
                CultureInfo.InvariantCulture,
                $"{bits.Unsigned(start + 18, 4):00}-{bits.Unsigned(start + 22, 5):00}T{bits.Unsigned(start + 27, 5):00}:{bits.Unsigned(start + 32, 6):00}Z"))
            .Whole("duration", bits.Unsigned(start + 38, 18))
            .Rows("waypoints", rows);
    }
}
