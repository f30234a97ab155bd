using System.Text.Json.Nodes;
using AisLive.Server.Places;
using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>A vessel's call in progress at one place, for one port-call rule.</summary>
internal sealed class CallState
{
    public long PlaceId;
    public DateTimeOffset EnteredAt;
    public DateTimeOffset? StoppedSince;
    public bool Arrived;
    public double Lat;
    public double Lon;
}

/// <summary>
/// <c>port-call</c>: an arrival when a vessel inside one of the rule's places (given by id, or else by kind) has been
/// below 0.5 kn for 10 minutes, or inside for 30 minutes; a departure when it leaves, with the time in port, counted
/// from its entry. Every call goes to the port-call log, whichever events the rule alerts on. An arrival alert stays
/// open while the vessel is in port and is resolved by its departure; a departure alert is raised and resolved at once
/// (it is news, not a condition).
/// </summary>
internal sealed class PortCallRule(Episodes episodes, EvaluationContext context) : IRuleKind
{
    public string Kind => RuleKinds.PortCall;

    public void OnFix(CompiledRule rule, VesselTrack track, VesselState state, List<AlertTransition> transitions)
    {
        if (state is not { Lat: { } lat, Lon: { } lon, Timestamp: { } at })
        {
            return;
        }

        var settings = rule.PortCall!;
        var place = PlaceAt(settings, lat, lon);
        var calls = track.Calls ??= [];
        if (calls.GetValueOrDefault(rule.Id) is { } call && call.PlaceId != place?.Id)
        {
            calls.Remove(rule.Id);
            if (call.Arrived)
            {
                Depart(rule, track, state, call, at, transitions);
            }
        }

        if (place is null)
        {
            return;
        }

        if (!calls.TryGetValue(rule.Id, out call))
        {
            calls[rule.Id] = call = new CallState { PlaceId = place.Id, EnteredAt = at, Lat = lat, Lon = lon };
        }

        call.StoppedSince = state.Sog < PortCallSettings.StoppedKnots ? call.StoppedSince ?? at : null;
        if (!call.Arrived && ((call.StoppedSince is { } stopped && at - stopped >= PortCallSettings.StoppedFor) || at - call.EnteredAt >= PortCallSettings.InsideFor))
        {
            call.Arrived = true;
            var visit = new PortVisit(state.Mmsi, place.Id, call.EnteredAt, null, call.Lat, call.Lon);
            var measured = Measured(place, call, null);
            if (settings.OnArrival)
            {
                Episodes.Open(rule, track, state, null, null, at, $"{AlertWording.Name(state)} arrived at {place.Name}", transitions, measured);
                transitions[^1] = transitions[^1] with { Visit = visit };
            }
            else
            {
                transitions.Add(LogOnly(rule, state, at, visit));
            }
        }
    }

    /// <summary>The call as restored from the log: arrived, entered when the log says.</summary>
    public static void Restore(VesselTrack track, CompiledRule rule, long placeId, DateTimeOffset arrivedAt) =>
        (track.Calls ??= [])[rule.Id] = new CallState { PlaceId = placeId, EnteredAt = arrivedAt, Arrived = true };

    /// <summary>Whether the rule counts calls at this place.</summary>
    public static bool Covers(PortCallSettings settings, CompiledPlace place) =>
        settings.Places is { } ids ? ids.Contains(place.Id) : settings.PlaceKinds.Contains(place.Kind);

    private CompiledPlace? PlaceAt(PortCallSettings settings, double lat, double lon)
    {
        foreach (var place in context.Places.Containing(lat, lon))
        {
            if (Covers(settings, place))
            {
                return place;
            }
        }

        return null;
    }

    private void Depart(CompiledRule rule, VesselTrack track, VesselState state, CallState call, DateTimeOffset at, List<AlertTransition> transitions)
    {
        var place = context.Places.ById.GetValueOrDefault(call.PlaceId);
        var name = place?.Name ?? $"place {call.PlaceId}";
        var minutes = (at - call.EnteredAt).TotalMinutes;
        var visit = new PortVisit(state.Mmsi, call.PlaceId, call.EnteredAt, at, call.Lat, call.Lon);
        var measured = Measured(place, call, at);
        var before = transitions.Count;
        if (track.Episodes.GetValueOrDefault(rule.Id) is { Open: true } arrival)
        {
            episodes.Close(rule, track, arrival, state, $"{AlertWording.Name(state)} left {name} after {minutes:F0} min in port", transitions, measured);
        }

        if (rule.PortCall!.OnDeparture)
        {
            Episodes.Open(rule, track, state, minutes, null, at, $"{AlertWording.Name(state)} left {name} after {minutes:F0} min in port", transitions, measured);
            episodes.Close(rule, track, track.Episodes[rule.Id], state, $"{AlertWording.Name(state)} departed {name}", transitions, measured);
        }

        if (transitions.Count > before)
        {
            transitions[before] = transitions[before] with { Visit = visit };
        }
        else
        {
            transitions.Add(LogOnly(rule, state, at, visit));
        }
    }

    private static AlertTransition LogOnly(CompiledRule rule, VesselState state, DateTimeOffset at, PortVisit visit) =>
        new(false, rule, state.Mmsi, state.Name, state.Lat, state.Lon, null, null, at, "port call") { Visit = visit, LogOnly = true };

    private static JsonObject Measured(CompiledPlace? place, CallState call, DateTimeOffset? departedAt) => new()
    {
        ["place"] = new JsonObject { ["id"] = call.PlaceId, ["name"] = place?.Name, ["kind"] = place?.Kind, ["unlocode"] = place?.Place.Unlocode },
        ["arrivedAt"] = call.EnteredAt,
        ["departedAt"] = departedAt,
        ["minutesInPort"] = departedAt is { } d ? Math.Round((d - call.EnteredAt).TotalMinutes, 1) : null,
    };
}
