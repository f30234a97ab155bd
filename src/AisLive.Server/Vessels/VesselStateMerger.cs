using AisLive.Server.Pipeline;

namespace AisLive.Server.Vessels;

/// <summary>Folds one decoded message into a vessel's state: positions replace, static data fills in (<see cref="StaticDataNews"/>).</summary>
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
            var news = StaticDataNews.From(data, decoded.TimestampUtc); // the same rule storage follows
            state = state with
            {
                Name = news.Name ?? state.Name,
                Callsign = news.Callsign ?? state.Callsign,
                Imo = news.Imo ?? state.Imo,
                ShipType = news.ShipType ?? state.ShipType,
                Destination = news.Destination ?? state.Destination,
                Eta = news.Eta ?? state.Eta,
                Draught = news.Draught ?? state.Draught,
                Length = news.Length ?? state.Length,
                Width = news.Width ?? state.Width,
            };
        }

        return state == current ? current : state;
    }

    // Base stations (4, 11) and aids to navigation (21) are stations, not the vessel's own track.
    private static bool IsVesselPosition(int type) => type is 1 or 2 or 3 or 9 or 18 or 19 or 27;

    // A late, older report (a replayed batch, a slow satellite path) must not move the vessel back.
    private static bool IsOlder(VesselState state, DateTimeOffset timestamp) => state.Timestamp is { } last && timestamp < last;
}
