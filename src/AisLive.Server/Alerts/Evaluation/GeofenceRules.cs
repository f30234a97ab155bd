using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>
/// <c>geofence-enter</c> and <c>geofence-exit</c>. Enter (or exit) is a crossing: the vessel must have been seen on the
/// other side first, then on this side for the rule's consecutive fixes. The first fix only sets where the vessel is,
/// so a vessel first seen inside has not "entered". The episode ends when it is seen back on the other side as many
/// times. Only the areas just crossed and the episodes in progress are stepped, so a thousand geofences cost one tree
/// query per fix.
/// </summary>
internal sealed class GeofenceRules(Episodes episodes)
{
    public void OnFix(VesselTrack track, VesselState state, long[] fleetIds, RuleSnapshot rules, List<AlertTransition> transitions)
    {
        var inside = rules.AreasContaining(state.Lon!.Value, state.Lat!.Value, fleetIds);
        if (track.Areas is not { } previous)
        {
            track.Areas = inside; // the first fix is only a baseline
            return;
        }

        // The rules to step: areas just crossed, and geofence episodes already in progress.
        var touched = new HashSet<long>(inside);
        touched.SymmetricExceptWith(previous);
        touched.UnionWith(track.Episodes.Where(e => e.Value.Geofence).Select(e => e.Key));
        foreach (var ruleId in touched)
        {
            if (!rules.ById.TryGetValue(ruleId, out var rule) || rule.Area is null || !fleetIds.Contains(rule.Rule.FleetId))
            {
                episodes.Forget(track, state, ruleId, transitions); // the rule or the membership went away
                continue;
            }

            Step(rule, track, state, previous.Contains(ruleId), inside.Contains(ruleId), transitions);
        }

        track.Areas = inside;
    }

    private void Step(CompiledRule rule, VesselTrack track, VesselState state, bool wasInside, bool isInside, List<AlertTransition> transitions)
    {
        var enter = rule.Kind == RuleKinds.GeofenceEnter;
        var onAlertSide = enter ? isInside : !isInside;
        var episode = track.Episodes.GetValueOrDefault(rule.Id);
        var verb = enter ? "entered" : "left";
        var at = state.Timestamp ?? DateTimeOffset.MinValue;
        if (episode is not { Open: true })
        {
            var crossedNow = wasInside != isInside;
            if (!onAlertSide || (!crossedNow && episode is not { Counter: > 0 }))
            {
                Episodes.Idle(rule, track, episode);
                return;
            }

            episode ??= track.Episodes[rule.Id] = new EpisodeState { Geofence = true };
            if (++episode.Counter >= rule.ConsecutiveFixes)
            {
                episode.Counter = 0;
                if (Episodes.CooledDown(rule, episode, at))
                {
                    Episodes.Open(rule, track, state, null, null, at, $"{AlertWording.Name(state)} {verb} {rule.Rule.Name}", transitions);
                }
                else
                {
                    Episodes.Idle(rule, track, episode); // a crossing during the cooldown is consumed, not raised late
                }
            }

            return;
        }

        if (onAlertSide)
        {
            episode.Counter = 0;
        }
        else if (++episode.Counter >= rule.ConsecutiveFixes)
        {
            episodes.Close(rule, track, episode, state, $"{AlertWording.Name(state)} {(enter ? "left" : "back in")} {rule.Rule.Name}", transitions);
        }
    }
}
