using AisLive.Server.Fleets;

namespace AisLive.Server.Alerts;

/// <summary>
/// What the evaluator knows survives a restart: it starts from the database (<see cref="Restore"/>) and lets go
/// of vessels and episodes that no rule applies to any more (<see cref="Prune"/>), resolving open ones rather
/// than stranding them.
/// </summary>
public sealed partial class AlertEvaluator
{
    /// <summary>
    /// Starts from what the database knows: the open alerts become open episodes (so the condition holding
    /// raises nothing new, and its end resolves them), past raises restore cooldowns, anchored vessels get back
    /// where they anchored, and the last stored fixes of every watched vessel are replayed to rebuild which
    /// areas each vessel is in and any confirmation in progress. Returns what that replay decided; raising and
    /// resolving are idempotent in the store, so a transition the previous run had already stored adds nothing,
    /// and one it lost (killed before storing it) is stored now.
    /// </summary>
    public List<AlertTransition> Restore(EvaluatorSeed seed, FleetSnapshot fleets, RuleSnapshot rules)
    {
        foreach (var open in seed.OpenAlerts)
        {
            var episode = Episode(open.Mmsi, open.RuleId);
            episode.Open = true;
            episode.Geofence = open.Kind is RuleKinds.GeofenceEnter or RuleKinds.GeofenceExit;
            episode.LastRaised = open.EvidenceAt;
            episode.Rule = rules.ById.GetValueOrDefault(open.RuleId) ?? Episodes.Removed(open.RuleId, open.Kind);
        }

        foreach (var raised in seed.LastRaised)
        {
            var episode = Episode(raised.Mmsi, raised.RuleId);
            episode.LastRaised = episode.LastRaised is { } known && known > raised.EvidenceAt ? known : raised.EvidenceAt;
        }

        foreach (var (mmsi, anchor) in seed.Anchors)
        {
            foreach (var fleetId in fleets.FleetsOf(mmsi))
            {
                foreach (var rule in (rules.ByFleet.GetValueOrDefault(fleetId) ?? []).Where(r => r.Kind == RuleKinds.AnchorDrag))
                {
                    Episode(mmsi, rule.Id).Anchor = anchor;
                }
            }
        }

        var transitions = new List<AlertTransition>();
        foreach (var fix in seed.RecentFixes)
        {
            transitions.AddRange(Evaluate(fix, fleets, rules));
        }

        return transitions;
    }

    /// <summary>
    /// Resolves open episodes whose rule was deleted or whose vessel left the rule's fleet, and forgets vessels
    /// no rule applies to: the evaluator's memory follows the fleets and rules, not the feed's history.
    /// </summary>
    public List<AlertTransition> Prune(FleetSnapshot fleets, RuleSnapshot rules, DateTimeOffset now)
    {
        var transitions = new List<AlertTransition>();
        foreach (var (mmsi, track) in _vessels.ToList())
        {
            var fleetIds = fleets.FleetsOf(mmsi);
            foreach (var ruleId in track.Episodes.Keys.ToList())
            {
                // Distress rules apply whatever fleet the device is in; every other rule only to its fleet's vessels.
                if (!rules.ById.TryGetValue(ruleId, out var rule) || (rule.Kind != RuleKinds.Distress && !fleetIds.Contains(rule.Rule.FleetId)))
                {
                    Episodes.Forget(track, mmsi, ruleId, now, transitions);
                }
            }

            if (track.Episodes.Count == 0 && !IsWatched(mmsi, fleets, rules))
            {
                _vessels.Remove(mmsi);
            }
        }

        return transitions;
    }

    /// <summary>True when some rule can apply to the vessel: it is in a fleet that has rules.</summary>
    public static bool IsWatched(uint mmsi, FleetSnapshot fleets, RuleSnapshot rules)
    {
        foreach (var fleetId in fleets.FleetsOf(mmsi))
        {
            if (rules.ByFleet.ContainsKey(fleetId))
            {
                return true;
            }
        }

        return false;
    }

    private EpisodeState Episode(uint mmsi, long ruleId)
    {
        if (!_vessels.TryGetValue(mmsi, out var track))
        {
            _vessels[mmsi] = track = new VesselTrack();
        }

        if (!track.Episodes.TryGetValue(ruleId, out var episode))
        {
            track.Episodes[ruleId] = episode = new EpisodeState();
        }

        return episode;
    }
}
