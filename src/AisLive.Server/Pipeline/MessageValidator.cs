using AisLive.Ais;

namespace AisLive.Server.Pipeline;

/// <summary>
/// The pipeline's range checks, alike for NMEA and AISStream JSON (both arrive here as one <see cref="AisMessage"/>):
/// decoding keeps values as sent, the pipeline decides what it will believe. A bad identity or position rejects the
/// message; any other field out of its range in ITU-R M.1371-5 is dropped to null, counted by the field's name, and
/// the rest of the report is kept. NMEA's bit widths keep most values in range by construction; JSON can carry
/// anything (a speed of 1e300, a dimension of 70,000), and casts to the database's column types must never wrap.
/// </summary>
public static class MessageValidator
{
    /// <summary>
    /// Returns null when the message is acceptable (possibly with fields nulled), else the rejection reason.
    /// <paramref name="nulled"/> hears the reason of each field dropped.
    /// </summary>
    public static string? Validate(ref AisMessage message, Action<string>? nulled = null)
    {
        if (!message.Mmsi.IsValid)
        {
            return "invalid_mmsi";
        }

        if (message.Latitude is { } lat && (lat < -90 || lat > 90 || double.IsNaN(lat)))
        {
            return "latitude_out_of_range";
        }

        if (message.Longitude is { } lon && (lon < -180 || lon > 180 || double.IsNaN(lon)))
        {
            return "longitude_out_of_range";
        }

        if (message.Latitude is null != message.Longitude is null)
        {
            return "half_position";
        }

        // 0,0 ("Null Island") is what a receiver with no fix fills in; AISStream has delivered such
        // reports to subscribers boxed elsewhere. No vessel reports from there.
        if (message.Latitude == 0 && message.Longitude == 0)
        {
            return "null_island";
        }

        // Aircraft (type 9) report up to 1,022 knots; vessels up to 102.2.
        if (message.SpeedKnots is { } sog && !(sog >= 0 && sog <= (message.MessageType == 9 ? 1022 : 102.2)))
        {
            message = message with { SpeedKnots = null };
            nulled?.Invoke("sog_out_of_range");
        }

        if (message.CourseDegrees is { } cog && !(cog >= 0 && cog < 360))
        {
            message = message with { CourseDegrees = null };
            nulled?.Invoke("cog_out_of_range");
        }

        if (message.HeadingDegrees is > 359 or < 0)
        {
            message = message with { HeadingDegrees = null };
            nulled?.Invoke("heading_out_of_range");
        }

        if (message.NavigationStatus is > 15 or < 0)
        {
            message = message with { NavigationStatus = null };
            nulled?.Invoke("nav_status_out_of_range");
        }

        if (message.RateOfTurnRaw is > 127 or < -128)
        {
            message = message with { RateOfTurnRaw = null };
            nulled?.Invoke("rot_out_of_range");
        }

        if (message.Static is { } data && ValidateStatic(data, nulled) is { } checkedData)
        {
            message = message with { Static = checkedData };
        }

        return null;
    }

    /// <summary>The static data with its impossible fields nulled, or null when every field was in range.</summary>
    private static AisStaticData? ValidateStatic(AisStaticData data, Action<string>? nulled)
    {
        var result = data;

        // 9 bits to bow and stern, 6 to port and starboard; negative is impossible.
        if (data.ToBowMeters is > 511 or < 0 || data.ToSternMeters is > 511 or < 0 || data.ToPortMeters is > 63 or < 0 || data.ToStarboardMeters is > 63 or < 0)
        {
            result = result with { ToBowMeters = null, ToSternMeters = null, ToPortMeters = null, ToStarboardMeters = null };
            nulled?.Invoke("dimension_out_of_range");
        }

        // IMO numbers have seven digits (0 = not available). The check digit is not tested: ships and inland
        // vessels send national numbers in this field, and those are still the ship's own identity.
        if (data.ImoNumber is { } imo && imo != 0 && imo is < 1_000_000 or > 9_999_999)
        {
            result = result with { ImoNumber = null };
            nulled?.Invoke("imo_out_of_range");
        }

        if (data.ShipType is > 255 or < 0)
        {
            result = result with { ShipType = null };
            nulled?.Invoke("ship_type_out_of_range");
        }

        // 8 bits of 0.1 m: 25.5 m at most (255 = 25.5 m or more).
        if (data.DraughtMeters is { } draught && !(draught >= 0 && draught <= 25.5))
        {
            result = result with { DraughtMeters = null };
            nulled?.Invoke("draught_out_of_range");
        }

        return ReferenceEquals(result, data) ? null : result;
    }
}
