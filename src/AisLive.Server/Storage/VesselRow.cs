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

        return new VesselRow(
            (int)decoded.Message.Mmsi.Value,
            decoded.TimestampUtc,
            NonEmpty(data.ShipName),
            NonEmpty(data.CallSign),
            data.ImoNumber is > 0 ? data.ImoNumber : null,
            data.ShipType is > 0 ? (short?)data.ShipType : null,
            (short?)data.ToBowMeters,
            (short?)data.ToSternMeters,
            (short?)data.ToPortMeters,
            (short?)data.ToStarboardMeters,
            NonEmpty(data.Destination),
            Live.VesselStateMerger.Eta(data, decoded.TimestampUtc),
            data.DraughtMeters is > 0 ? (float?)data.DraughtMeters : null);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
