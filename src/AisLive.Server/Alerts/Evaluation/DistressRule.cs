using AisLive.Server.Vessels;
using NetTopologySuite.Geometries;

namespace AisLive.Server.Alerts;

/// <summary>
/// <c>distress</c>: whichever fleet the device is in (almost always none), one critical alert per device episode for
/// each distress rule whose area holds it, resolved once the device has been silent for the rule's minutes on the feed
/// clock. Tests raise nothing unless the rule includes them.
/// </summary>
internal sealed class DistressRule(Episodes episodes)
{
    /// <summary>A message from a distress device, heard at <paramref name="heardAt"/>; <paramref name="state"/> is the device's state so far.</summary>
    public static void OnSignal(DistressSignal signal, VesselTrack track, VesselState state, DateTimeOffset heardAt, RuleSnapshot rules, List<AlertTransition> transitions)
    {
        track.DistressHeardAt = heardAt;
        foreach (var rule in rules.Distress)
        {
            if (signal.Test && !rule.IncludeTests)
            {
                continue;
            }

            if (rule.PreparedArea is { } area && (!state.HasPosition || !area.Covers(Wgs84.Factory.CreatePoint(new Coordinate(state.Lon!.Value, state.Lat!.Value)))))
            {
                continue; // outside the rule's area, or not located yet: a later position report decides
            }

            if (track.Episodes.GetValueOrDefault(rule.Id) is { Open: true })
            {
                continue; // one alert per episode: the device is still transmitting
            }

            var what = signal.Test ? $"{signal.Device} TEST" : $"{signal.Device} ACTIVE";
            var where = state.HasPosition ? $" at {state.Lat:F4}, {state.Lon:F4}" : " (position not yet known)";
            Episodes.Open(rule, track, state, null, null, heardAt, $"Distress: {what} from MMSI {state.Mmsi}{where}", transitions);
        }
    }

    /// <summary>Resolves distress episodes whose device has been silent for longer than its rule's minutes.</summary>
    public void Sweep(DateTimeOffset reference, RuleSnapshot rules, Dictionary<uint, VesselTrack> vessels, List<AlertTransition> transitions)
    {
        foreach (var (mmsi, track) in vessels)
        {
            foreach (var rule in rules.Distress)
            {
                if (track.Episodes.GetValueOrDefault(rule.Id) is not { Open: true } episode)
                {
                    continue;
                }

                var lastHeard = track.DistressHeardAt ?? episode.LastRaised ?? reference; // restored episodes: from their raise
                if (reference - lastHeard > rule.SilentFor)
                {
                    var state = track.Last ?? new VesselState { Mmsi = mmsi };
                    episodes.Close(rule, track, episode, state with { Timestamp = reference }, $"MMSI {mmsi} silent for {rule.SilentFor.TotalMinutes:0} min: distress episode over", transitions);
                }
            }
        }
    }
}
