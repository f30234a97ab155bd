using AisLive.Server.Fleets;
using AisLive.Server.Pipeline;
using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>
/// Decides when alert episodes start and end. Pure and single-threaded (one instance, fed in message order
/// per vessel): one alert when a condition starts, one resolution when it ends, nothing in between; a
/// condition must hold for the rule's consecutive fixes before it counts (AIS jitters), speed has a
/// hysteresis, and a rule's cooldown spaces out episodes for the same vessel.
/// Per vessel it keeps the set of areas its last fix was in: a geofence rule is only stepped on a crossing or
/// while one of its episodes is in progress, so a thousand geofences cost a tree query per fix.
/// </summary>
public sealed partial class AlertEvaluator
{
    private readonly Dictionary<uint, VesselTrack> _vessels = [];
    private DateTimeOffset _feedTime = DateTimeOffset.MinValue;
    private DateTimeOffset _listeningSince = DateTimeOffset.MinValue;

    /// <summary>A gap this long in the feed's clock means nobody was listening (the service was down, the feed quiet).</summary>
    public TimeSpan FeedQuietAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The newest message time seen: the feed's own clock, which is what "silent for N minutes" is measured on.</summary>
    public DateTimeOffset FeedTime => _feedTime;

    public int TrackedVessels => _vessels.Count;

    public int OpenEpisodes => _vessels.Values.Sum(v => v.Episodes.Values.Count(e => e.Open));

    /// <summary>
    /// Moves the feed's clock on (a message about a vessel no rule watches). After a gap longer than
    /// <see cref="FeedQuietAfter"/> (a restart after downtime, a feed outage) the service starts listening afresh:
    /// silence is only counted from then, since a vessel cannot be said to be silent while nobody heard anyone.
    /// </summary>
    public void AdvanceFeedTime(DateTimeOffset at)
    {
        if (at <= _feedTime)
        {
            return;
        }

        if (_feedTime == DateTimeOffset.MinValue || at - _feedTime > FeedQuietAfter)
        {
            _listeningSince = at;
        }

        _feedTime = at;
    }

    /// <summary>
    /// Folds a decoded message into the vessel's state (the same merge as the live cache) and evaluates it when
    /// it brought a new fix; static data only updates the name the alerts use. Vessels no rule can apply to
    /// are not tracked at all.
    /// </summary>
    public List<AlertTransition> Apply(in DecodedMessage decoded, FleetSnapshot fleets, RuleSet rules)
    {
        var transitions = ApplyFleetRules(decoded, fleets, rules);
        if (rules.Distress.Count > 0 && DistressSignal.From(decoded.Message) is { } signal)
        {
            Distress(decoded, signal, fleets, rules, transitions);
        }

        return transitions;
    }

    private List<AlertTransition> ApplyFleetRules(in DecodedMessage decoded, FleetSnapshot fleets, RuleSet rules)
    {
        var mmsi = decoded.Message.Mmsi.Value;
        if (!IsWatched(mmsi, fleets, rules))
        {
            AdvanceFeedTime(decoded.TimestampUtc);
            return [];
        }

        var previous = _vessels.GetValueOrDefault(mmsi)?.Last;
        var state = VesselStateMerger.Merge(previous, decoded);
        if (previous is not null && state.Timestamp == previous.Timestamp)
        {
            _vessels[mmsi].Last = state; // no new fix (static data, or an older report): nothing to count
            return [];
        }

        return Evaluate(state, fleets, rules);
    }

    public List<AlertTransition> Evaluate(VesselState state, FleetSnapshot fleets, RuleSet rules)
    {
        var transitions = new List<AlertTransition>();
        if (state.Timestamp is { } at)
        {
            AdvanceFeedTime(at);
        }

        var fleetIds = fleets.FleetsOf(state.Mmsi);
        if (fleetIds.Length == 0 && !_vessels.ContainsKey(state.Mmsi))
        {
            return transitions; // in no fleet: no rule applies, nothing to remember
        }

        if (!_vessels.TryGetValue(state.Mmsi, out var track))
        {
            _vessels[state.Mmsi] = track = new VesselTrack();
        }

        track.Last = state;
        if (fleetIds.Length == 0)
        {
            return transitions;
        }

        if (state.HasPosition)
        {
            Geofences(track, state, fleetIds, rules, transitions);
        }

        foreach (var fleetId in fleetIds)
        {
            foreach (var rule in rules.NonGeofenceByFleet.GetValueOrDefault(fleetId) ?? [])
            {
                switch (rule.Kind)
                {
                    case RuleKinds.SpeedAbove when state.Sog is { } sog:
                        Step(rule, track, state, sog > rule.Knots, sog < rule.Knots - rule.HysteresisKnots, sog, rule.Knots,
                            $"{Name(state)} at {sog:F1} kn, above {rule.Knots:0.#} kn", transitions);
                        break;
                    case RuleKinds.NavStatus when state.NavStatus is { } status:
                        Step(rule, track, state, rule.Statuses.Contains(status), !rule.Statuses.Contains(status), status, null,
                            $"{Name(state)} reports navigational status {status} ({NavStatusName(status)})", transitions);
                        break;
                    case RuleKinds.AnchorDrag when state.HasPosition:
                        AnchorDrag(rule, track, state, transitions);
                        break;
                    case RuleKinds.SignalLost when track.Episodes.TryGetValue(rule.Id, out var silent) && silent.Open:
                        Close(rule, track, silent, state, $"{Name(state)} heard again", transitions); // any report ends the silence
                        break;
                }
            }
        }

        return transitions;
    }

    /// <summary>
    /// Raises <c>signal-lost</c> for vessels silent longer than their rule allows, measured against
    /// <paramref name="reference"/> (the feed's clock, carried forward by real time while the feed is live).
    /// The caller does not sweep while the whole feed is quiet: that is a feed problem, not dark vessels.
    /// </summary>
    public List<AlertTransition> SweepSignalLost(DateTimeOffset reference, FleetSnapshot fleets, RuleSet rules)
    {
        var transitions = new List<AlertTransition>();
        foreach (var rule in rules.All.Where(r => r.Kind == RuleKinds.SignalLost))
        {
            if (!fleets.Fleets.TryGetValue(rule.Rule.FleetId, out var fleet))
            {
                continue;
            }

            foreach (var mmsi in fleet.Vessels)
            {
                if (!_vessels.TryGetValue(mmsi, out var track) || track.Last?.Timestamp is not { } last)
                {
                    continue; // never heard: nothing to have lost
                }

                var silent = reference - (last > _listeningSince ? last : _listeningSince);
                var episode = track.Episodes.GetValueOrDefault(rule.Id);
                if (episode is not { Open: true } && silent > rule.SilentFor && CooledDown(rule, episode, reference))
                {
                    Open(rule, track, track.Last, silent.TotalMinutes, rule.SilentFor.TotalMinutes, reference,
                        $"{Name(track.Last)} silent for {silent.TotalMinutes:F0} min (last heard {last:HH:mm} UTC)", transitions);
                }
            }
        }

        return transitions;
    }

    /// <summary>
    /// Enter (or exit) is a crossing: the vessel must have been seen on the other side first, then on this side
    /// for the rule's consecutive fixes. The first fix only sets where the vessel is, so a vessel first seen
    /// inside has not "entered". The episode ends when it is seen back on the other side as many times.
    /// </summary>
    private void Geofences(VesselTrack track, VesselState state, long[] fleetIds, RuleSet rules, List<AlertTransition> transitions)
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
                Forget(track, state, ruleId, transitions); // the rule or the membership went away
                continue;
            }

            var enter = rule.Kind == RuleKinds.GeofenceEnter;
            var isInside = inside.Contains(ruleId);
            var onAlertSide = enter ? isInside : !isInside;
            var episode = track.Episodes.GetValueOrDefault(ruleId);
            var verb = enter ? "entered" : "left";
            var at = state.Timestamp ?? DateTimeOffset.MinValue;
            if (episode is not { Open: true })
            {
                var crossedNow = previous.Contains(ruleId) != isInside;
                if (!onAlertSide || (!crossedNow && episode is not { Counter: > 0 }))
                {
                    Idle(rule, track, episode);
                    continue;
                }

                episode ??= track.Episodes[ruleId] = new EpisodeState { Geofence = true };
                if (++episode.Counter >= rule.ConsecutiveFixes)
                {
                    episode.Counter = 0;
                    if (CooledDown(rule, episode, at))
                    {
                        Open(rule, track, state, null, null, at, $"{Name(state)} {verb} {rule.Rule.Name}", transitions);
                    }
                    else
                    {
                        Idle(rule, track, episode); // a crossing during the cooldown is consumed, not raised late
                    }
                }

                continue;
            }

            if (onAlertSide)
            {
                episode.Counter = 0;
            }
            else if (++episode.Counter >= rule.ConsecutiveFixes)
            {
                Close(rule, track, episode, state, $"{Name(state)} {(enter ? "left" : "back in")} {rule.Rule.Name}", transitions);
            }
        }

        track.Areas = inside;
    }

    private void AnchorDrag(CompiledRule rule, VesselTrack track, VesselState state, List<AlertTransition> transitions)
    {
        var episode = track.Episodes.GetValueOrDefault(rule.Id);
        if (state.NavStatus != 1)
        {
            if (episode is { Open: true })
            {
                Close(rule, track, episode, state, $"{Name(state)} no longer at anchor", transitions);
            }

            Idle(rule, track, episode, forget: true); // weighed anchor: a new anchorage starts afresh
            return;
        }

        episode ??= track.Episodes[rule.Id] = new EpisodeState();
        episode.Anchor ??= (state.Lat!.Value, state.Lon!.Value);
        var meters = Distance(episode.Anchor.Value, (state.Lat!.Value, state.Lon!.Value));
        Step(rule, track, state, meters > rule.Meters, false, meters, rule.Meters,
            $"{Name(state)} {meters:F0} m from where it anchored (limit {rule.Meters:F0} m)", transitions);
    }
}
