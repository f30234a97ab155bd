using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>
/// <c>anchor-drag</c>: while the vessel reports "at anchor", farther than the rule's meters from where it anchored (its
/// first fix at anchor, kept across restarts); weighing anchor ends the episode and forgets the spot.
/// </summary>
internal sealed class AnchorDragRule(Episodes episodes) : IRuleKind
{
    public string Kind => RuleKinds.AnchorDrag;

    public void OnFix(CompiledRule rule, VesselTrack track, VesselState state, List<AlertTransition> transitions)
    {
        if (!state.HasPosition)
        {
            return;
        }

        var episode = track.Episodes.GetValueOrDefault(rule.Id);
        if (state.NavStatus != 1)
        {
            if (episode is { Open: true })
            {
                episodes.Close(rule, track, episode, state, $"{AlertWording.Name(state)} no longer at anchor", transitions);
            }

            Episodes.Idle(rule, track, episode, forget: true); // weighed anchor: a new anchorage starts afresh
            return;
        }

        episode ??= track.Episodes[rule.Id] = new EpisodeState();
        episode.Anchor ??= (state.Lat!.Value, state.Lon!.Value);
        var meters = AlertWording.Distance(episode.Anchor.Value, (state.Lat!.Value, state.Lon!.Value));
        episodes.Step(rule, track, state, meters > rule.Meters, false, meters, rule.Meters,
            $"{AlertWording.Name(state)} {meters:F0} m from where it anchored (limit {rule.Meters:F0} m)", transitions);
    }
}
