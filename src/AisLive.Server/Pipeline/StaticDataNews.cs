using AisLive.Ais;

namespace AisLive.Server.Pipeline;

/// <summary>
/// What a message's static data tells that is news, under the one rule that both the live vessel state and the
/// stored <c>vessels</c> row follow: blank text (all <c>@</c> padding or spaces), IMO 0, ship type 0, draught 0 and
/// dimensions that are all zero mean "not available", so they never erase a value already known. A null field
/// here leaves the known value as it is.
/// </summary>
public sealed record StaticDataNews(
    string? Name,
    string? Callsign,
    int? Imo,
    int? ShipType,
    (int Bow, int Stern, int Port, int Starboard)? Dimensions,
    string? Destination,
    DateTimeOffset? Eta,
    double? Draught)
{
    public static StaticDataNews From(AisStaticData data, DateTimeOffset at) => new(
        Text(data.ShipName),
        Text(data.CallSign),
        data.ImoNumber is > 0 ? data.ImoNumber : null,
        data.ShipType is > 0 ? data.ShipType : null,
        data is { ToBowMeters: { } bow, ToSternMeters: { } stern, ToPortMeters: { } port, ToStarboardMeters: { } starboard } && bow + stern + port + starboard > 0
            ? (bow, stern, port, starboard)
            : null,
        Text(data.Destination),
        NextEta(data, at),
        data.DraughtMeters is > 0 ? data.DraughtMeters : null);

    public int? Length => Dimensions is { } d && d.Bow + d.Stern > 0 ? d.Bow + d.Stern : null;

    public int? Width => Dimensions is { } d && d.Port + d.Starboard > 0 ? d.Port + d.Starboard : null;

    private static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>The next occurrence of the reported ETA (AIS sends no year), or null when not available.</summary>
    private static DateTimeOffset? NextEta(AisStaticData data, DateTimeOffset now)
    {
        if (data is not { EtaMonth: >= 1 and <= 12 and var month, EtaDay: >= 1 and <= 31 and var day, EtaHour: <= 23 and var hour, EtaMinute: <= 59 and var minute })
        {
            return null;
        }

        for (var year = now.Year; year <= now.Year + 1; year++)
        {
            if (day <= DateTime.DaysInMonth(year, month))
            {
                var eta = new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero);
                if (eta >= now.AddDays(-1))
                {
                    return eta;
                }
            }
        }

        return null;
    }
}
