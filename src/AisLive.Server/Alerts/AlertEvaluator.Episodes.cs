using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>The episode mechanics every rule kind shares: counting fixes, cooldowns, opening, closing and forgetting.</summary>
public sealed partial class AlertEvaluator
{
    /// <summary>Counts consecutive fixes for the condition (or its end) and opens or closes the episode when they add up.</summary>
    private void Step(CompiledRule rule, VesselTrack track, VesselState state, bool condition, bool ended, double? value, double? threshold, string message, List<AlertTransition> transitions)
    {
        var at = state.Timestamp ?? _feedTime;
        var episode = track.Episodes.GetValueOrDefault(rule.Id);
        if (episode is not { Open: true })
        {
            if (!condition)
            {
                Idle(rule, track, episode);
                return;
            }

            episode ??= track.Episodes[rule.Id] = new EpisodeState();
            if (++episode.Counter >= rule.ConsecutiveFixes && CooledDown(rule, episode, at))
            {
                Open(rule, track, state, value, threshold, at, message, transitions);
            }

            return;
        }

        episode.Counter = ended ? episode.Counter + 1 : 0;
        if (episode.Counter >= rule.ConsecutiveFixes)
        {
            Close(rule, track, episode, state, message, transitions);
        }
    }

    private static bool CooledDown(CompiledRule rule, EpisodeState? episode, DateTimeOffset at) =>
        episode?.LastRaised is not { } last || at - last >= rule.Rule.Cooldown;

    private static void Open(CompiledRule rule, VesselTrack track, VesselState state, double? value, double? threshold, DateTimeOffset at, string message, List<AlertTransition> transitions)
    {
        if (!track.Episodes.TryGetValue(rule.Id, out var episode))
        {
            track.Episodes[rule.Id] = episode = new EpisodeState { Geofence = rule.Kind is RuleKinds.GeofenceEnter or RuleKinds.GeofenceExit };
        }

        episode.Open = true;
        episode.Counter = 0;
        episode.LastRaised = at;
        episode.Rule = rule;
        transitions.Add(new AlertTransition(true, rule, state.Mmsi, state.Name, state.Lat, state.Lon, value, threshold, at, message));
    }

    private void Close(CompiledRule rule, VesselTrack track, EpisodeState episode, VesselState state, string message, List<AlertTransition> transitions)
    {
        if (state.Timestamp is { } at && episode.LastRaised is { } raised && at < raised)
        {
            episode.Counter = 0; // a fix from before the episode began (a replay after a restart) cannot end it
            return;
        }

        episode.Open = false;
        episode.Counter = 0;
        transitions.Add(new AlertTransition(false, rule, state.Mmsi, state.Name, state.Lat, state.Lon, null, null, state.Timestamp ?? _feedTime, message));
        Idle(rule, track, episode);
    }

    /// <summary>
    /// Resets an episode's counter and forgets it unless it is open, still needed for its rule's cooldown, or
    /// holding an anchor position (while the vessel stays at anchor). <paramref name="forget"/> drops the anchor.
    /// </summary>
    private static void Idle(CompiledRule rule, VesselTrack track, EpisodeState? episode, bool forget = false)
    {
        if (episode is null)
        {
            return;
        }

        episode.Counter = 0;
        if (forget)
        {
            episode.Anchor = null;
        }

        if (episode.Open)
        {
            return;
        }

        var neededForCooldown = episode.LastRaised is not null && rule.Rule.Cooldown > TimeSpan.Zero;
        if (!neededForCooldown && episode.Anchor is null)
        {
            track.Episodes.Remove(rule.Id);
        }
    }

    private sealed class VesselTrack
    {
        public VesselState? Last;
        public HashSet<long>? Areas;
        public DateTimeOffset? DistressHeardAt; // when a distress device was last heard (its episodes end on silence)
        public readonly Dictionary<long, EpisodeState> Episodes = [];
    }

    private sealed class EpisodeState
    {
        public CompiledRule? Rule;
        public bool Open;
        public bool Geofence;
        public int Counter;
        public DateTimeOffset? LastRaised;
        public (double Lat, double Lon)? Anchor;
    }
}
