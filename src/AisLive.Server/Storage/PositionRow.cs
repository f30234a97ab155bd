using AisLive.Server.Pipeline;

namespace AisLive.Server.Storage;

/// <summary>One row of <c>positions</c>.</summary>
public readonly record struct PositionRow(
    int Mmsi,
    DateTimeOffset Timestamp,
    DateTimeOffset ReceivedAt,
    double Longitude,
    double Latitude,
    float? SpeedKnots,
    float? CourseDegrees,
    short? Heading,
    short? NavigationStatus,
    short? RateOfTurnRaw,
    short MessageType)
{
    public static bool TryFrom(in DecodedMessage decoded, out PositionRow row)
    {
        var message = decoded.Message;
        if (message is not { Latitude: { } lat, Longitude: { } lon })
        {
            row = default;
            return false;
        }

        row = new PositionRow(
            (int)message.Mmsi.Value,
            decoded.TimestampUtc,
            decoded.ReceivedAtUtc,
            lon,
            lat,
            (float?)message.SpeedKnots,
            (float?)message.CourseDegrees,
            (short?)message.HeadingDegrees,
            (short?)message.NavigationStatus,
            (short?)message.RateOfTurnRaw,
            (short)message.MessageType);
        return true;
    }
}
