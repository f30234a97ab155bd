using AisLive.Server.Pipeline;

namespace AisLive.Server.Storage;

/// <summary>Static data for one vessel (types 5, 19, 24, AISStream static reports), upserted into <c>vessels</c>; null = not in this message.</summary>
public sealed record VesselRow(
    int Mmsi,
    DateTimeOffset UpdatedAt,
    string? Name,
    string? Callsign,
    int? Imo,
    short? ShipType,
    short? ToBow,
    short? ToStern,
    short? ToPort,
    short? ToStarboard,
    string? Destination,
    DateTimeOffset? Eta,
    float? Draught)
{
    public static VesselRow? From(in DecodedMessage decoded)
    {
        if (decoded.Message.Static is not { } data || decoded.Message.MessageType == 21)
        {
            return null; // no static data, or an aid to navigation (not a vessel)
        }

        var news = StaticDataNews.From(data, decoded.TimestampUtc); // the same rule the live state follows
        return new VesselRow(
            (int)decoded.Message.Mmsi.Value,
            decoded.TimestampUtc,
            news.Name,
            news.Callsign,
            news.Imo,
            (short?)news.ShipType,
            (short?)news.Dimensions?.Bow,
            (short?)news.Dimensions?.Stern,
            (short?)news.Dimensions?.Port,
            (short?)news.Dimensions?.Starboard,
            news.Destination,
            news.Eta,
            (float?)news.Draught);
    }
}
