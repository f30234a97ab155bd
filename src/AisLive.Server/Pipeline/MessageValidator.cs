using AisLive.Ais;

namespace AisLive.Server.Pipeline;

/// <summary>
/// The pipeline's range checks (SPEC section 4): decoding keeps values as sent, the pipeline decides what it
/// will believe. A bad identity or position rejects the message; an impossible speed, course or heading is
/// dropped to null and the rest of the report is kept.
/// </summary>
public static class MessageValidator
{
    /// <summary>Returns null when the message is acceptable (possibly cleaned), else the rejection reason.</summary>
    public static string? Validate(ref AisMessage message)
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

        if (message.SpeedKnots is > 102.2 && message.MessageType != 9 || message.SpeedKnots is < 0)
        {
            message = message with { SpeedKnots = null };
        }

        if (message.CourseDegrees is >= 360 or < 0)
        {
            message = message with { CourseDegrees = null };
        }

        if (message.HeadingDegrees is > 359 or < 0)
        {
            message = message with { HeadingDegrees = null };
        }

        if (message.NavigationStatus is > 15 or < 0)
        {
            message = message with { NavigationStatus = null };
        }

        return null;
    }
}
