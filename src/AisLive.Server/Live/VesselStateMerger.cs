using AisLive.Ais;
using AisLive.Server.Pipeline;

namespace AisLive.Server.Live;

/// <summary>Folds one decoded message into a vessel's state: positions replace, static data fills in.</summary>
public static class VesselStateMerger
{
    /// <summary>Returns the new state, or the same instance when the message changes nothing visible.</summary>
    public static VesselState Merge(VesselState? current, in DecodedMessage decoded)
    {
        var message = decoded.Message;
        var state = current ?? new VesselState { Mmsi = message.Mmsi.Value };
        if (message.HasPosition && IsVesselPosition(message.MessageType) && !IsOlder(state, decoded.TimestampUtc))
        {
            state = state with
            {
                Lat = message.Latitude,
                Lon = message.Longitude,
                Sog = message.SpeedKnots,
                Cog = message.CourseDegrees,
                Heading = message.HeadingDegrees,
                RateOfTurn = message.RateOfTurnDegreesPerMinute,
                NavStatus = message.NavigationStatus ?? state.NavStatus,
                Timestamp = decoded.TimestampUtc,
                ReceivedAt = decoded.ReceivedAtUtc,
            };
        }

        if (message.Static is { } data)
        {
            state = state with
            {
                Name = data.ShipName ?? state.Name,
                Callsign = NonEmpty(data.CallSign) ?? state.Callsign,
                Imo = data.ImoNumber is > 0 ? data.ImoNumber : state.Imo,
                ShipType = data.ShipType is > 0 ? data.ShipType : state.ShipType,
                Destination = NonEmpty(data.Destination) ?? state.Destination,
                Eta = Eta(data, decoded.TimestampUtc) ?? state.Eta,
                Draught = data.DraughtMeters is > 0 ? data.DraughtMeters : state.Draught,
                Length = data.LengthMeters ?? state.Length,
                Width = data.WidthMeters ?? state.Width,
            };
        }

        return state == current ? current : state;
    }

    // Base stations (4, 11) and aids to navigation (21) are stations, not the vessel's own track.
    private static bool IsVesselPosition(int type) => type is 1 or 2 or 3 or 9 or 18 or 19 or 27;

    // A late, older report (a replayed batch, a slow satellite path) must not move the vessel back.
    private static bool IsOlder(VesselState state, DateTimeOffset timestamp) => state.Timestamp is { } last && timestamp < last;

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>The next occurrence of the reported ETA (AIS sends no year), or null when not available.</summary>
    public static DateTimeOffset? Eta(AisStaticData data, DateTimeOffset now)
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
