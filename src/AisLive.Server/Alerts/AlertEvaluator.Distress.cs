using AisLive.Server.Fleets;
using AisLive.Server.Pipeline;
using AisLive.Server.Vessels;
using NetTopologySuite.Geometries;

namespace AisLive.Server.Alerts;

/// <summary>
/// Distress beacons: whichever fleet the device is in (almost always none), one critical alert per
/// device episode for each distress rule whose area holds it, resolved once the device has been silent for the
/// rule's minutes on the feed clock. Tests raise nothing unless the rule includes them.
/// </summary>
public sealed partial class AlertEvaluator
{
    private void Distress(in DecodedMessage decoded, DistressSignal signal, FleetSnapshot fleets, RuleSet rules, List<AlertTransition> transitions)
    {
        var mmsi = decoded.Message.Mmsi.Value;
        if (!_vessels.TryGetValue(mmsi, out var track))
        {
            _vessels[mmsi] = track = new VesselTrack();
        }

        if (!IsWatched(mmsi, fleets, rules))
        {
            track.Last = VesselStateMerger.Merge(track.Last, decoded); // a watched vessel's state is merged by Apply
        }

        var state = track.Last ?? VesselStateMerger.Merge(null, decoded);
        var heardAt = decoded.TimestampUtc;
        track.DistressHeardAt = heardAt;
        AdvanceFeedTime(heardAt);
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
            Open(rule, track, state, null, null, heardAt, $"Distress: {what} from MMSI {mmsi}{where}", transitions);
        }
    }

    /// <summary>Resolves distress episodes whose device has been silent for longer than its rule's minutes.</summary>
    public List<AlertTransition> SweepDistress(DateTimeOffset reference, RuleSet rules)
    {
        var transitions = new List<AlertTransition>();
        if (rules.Distress.Count == 0)
        {
            return transitions;
        }

        foreach (var (mmsi, track) in _vessels)
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
                    Close(rule, track, episode, state with { Timestamp = reference }, $"MMSI {mmsi} silent for {rule.SilentFor.TotalMinutes:0} min: distress episode over", transitions);
                }
            }
        }

        return transitions;
    }
}
