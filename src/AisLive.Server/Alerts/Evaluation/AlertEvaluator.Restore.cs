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
            if (open.OtherMmsi is { } other)
            {
                if (rules.ById.GetValueOrDefault(open.RuleId) is { Encounter: not null } encounter)
                {
                    EncounterRule.Restore(Track(open.Mmsi), encounter, other, open.EvidenceAt);
                }
                else
                {
                    (Track(open.Mmsi).Pairs ??= [])[(open.RuleId, other)] = Stranded(open.RuleId, open.EvidenceAt); // resolved by the next prune
                }

                continue;
            }

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

        foreach (var call in seed.OpenCalls)
        {
            if (rules.Places.ById.GetValueOrDefault(call.PlaceId) is not { } place)
            {
                continue;
            }

            foreach (var fleetId in fleets.FleetsOf(call.Mmsi))
            {
                foreach (var rule in (rules.ByFleet.GetValueOrDefault(fleetId) ?? []).Where(r => r.PortCall is { } settings && PortCallRule.Covers(settings, place)))
                {
                    PortCallRule.Restore(Track(call.Mmsi), rule, call.PlaceId, call.ArrivedAt);
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
                if (!Applies(ruleId, rules, fleetIds))
                {
                    Episodes.Forget(track, mmsi, ruleId, now, transitions);
                }
            }

            foreach (var ruleId in track.Pairs?.Keys.Select(k => k.Rule).Distinct().ToList() ?? [])
            {
                if (!Applies(ruleId, rules, fleetIds))
                {
                    EncounterRule.Forget(track, mmsi, ruleId, now, transitions);
                }
            }

            track.Slow?.Keys.Where(r => !Applies(r, rules, fleetIds)).ToList().ForEach(r => track.Slow.Remove(r));
            track.Calls?.Keys.Where(r => !Applies(r, rules, fleetIds)).ToList().ForEach(r => track.Calls.Remove(r));
            if (track.Episodes.Count == 0 && track.Pairs is not { Count: > 0 } && !IsWatched(mmsi, fleets, rules))
            {
                _vessels.Remove(mmsi);
            }
        }

        if (_feedTime > DateTimeOffset.MinValue + TimeSpan.FromHours(1)) // before the first message the feed has no time yet
        {
            _grid.Prune(_feedTime - TimeSpan.FromHours(1)); // a vessel not heard for an hour is in nobody's encounter
        }
        return transitions;
    }

    private static bool Applies(long ruleId, RuleSnapshot rules, long[] fleetIds) =>
        rules.ById.TryGetValue(ruleId, out var rule) && (rule.Kind == RuleKinds.Distress || fleetIds.Contains(rule.Rule.FleetId));

    /// <summary>An open encounter whose rule is gone (or changed kind): kept only so that it is resolved.</summary>
    private static PairState Stranded(long ruleId, DateTimeOffset raisedOn)
    {
        var pair = new PairState { Start = raisedOn, SeenAt = raisedOn };
        pair.Episode.Open = true;
        pair.Episode.LastRaised = raisedOn;
        pair.Episode.Rule = Episodes.Removed(ruleId, RuleKinds.Encounter);
        return pair;
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

    private VesselTrack Track(uint mmsi)
    {
        if (!_vessels.TryGetValue(mmsi, out var track))
        {
            _vessels[mmsi] = track = new VesselTrack();
        }

        return track;
    }

    private EpisodeState Episode(uint mmsi, long ruleId)
    {
        var track = Track(mmsi);
        if (!track.Episodes.TryGetValue(ruleId, out var episode))
        {
            track.Episodes[ruleId] = episode = new EpisodeState();
        }

        return episode;
    }
}
