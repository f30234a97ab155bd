using AisLive.Server.Fleets;

namespace AisLive.Server.Alerts;

/// <summary>
/// <c>signal-lost</c>: raised by a sweep when a fleet vessel has been silent longer than the rule allows; any report
/// from it ends the silence.
/// </summary>
internal sealed class SignalLostRule(Episodes episodes) : IRuleKind
{
    public string Kind => RuleKinds.SignalLost;

    public void OnFix(CompiledRule rule, VesselTrack track, Vessels.VesselState state, List<AlertTransition> transitions)
    {
        if (track.Episodes.TryGetValue(rule.Id, out var silent) && silent.Open)
        {
            episodes.Close(rule, track, silent, state, $"{AlertWording.Name(state)} heard again", transitions);
        }
    }

    /// <summary>
    /// Raises the rule for vessels silent longer than it allows, measured against <paramref name="reference"/>, and
    /// never from before <paramref name="listeningSince"/> (a vessel cannot be silent while nobody heard anyone).
    /// </summary>
    public static void Sweep(DateTimeOffset reference, DateTimeOffset listeningSince, FleetSnapshot fleets, RuleSnapshot rules, Dictionary<uint, VesselTrack> vessels, List<AlertTransition> transitions)
    {
        foreach (var rule in rules.All.Where(r => r.Kind == RuleKinds.SignalLost))
        {
            if (!fleets.Fleets.TryGetValue(rule.Rule.FleetId, out var fleet))
            {
                continue;
            }

            foreach (var mmsi in fleet.Vessels)
            {
                if (!vessels.TryGetValue(mmsi, out var track) || track.Last?.Timestamp is not { } last)
                {
                    continue; // never heard: nothing to have lost
                }

                var silent = reference - (last > listeningSince ? last : listeningSince);
                var episode = track.Episodes.GetValueOrDefault(rule.Id);
                if (episode is not { Open: true } && silent > rule.SilentFor && Episodes.CooledDown(rule, episode, reference))
                {
                    Episodes.Open(rule, track, track.Last, silent.TotalMinutes, rule.SilentFor.TotalMinutes, reference,
                        $"{AlertWording.Name(track.Last)} silent for {silent.TotalMinutes:F0} min (last heard {last:HH:mm} UTC)", transitions);
                }
            }
        }
    }
}
