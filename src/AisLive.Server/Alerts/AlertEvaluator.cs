using AisLive.Server.Fleets;
using AisLive.Server.Live;

namespace AisLive.Server.Alerts;

/// <summary>
/// Decides when alert episodes start and end. Pure and single-threaded (one instance, fed in message order
/// per vessel): one alert when a condition starts, one resolution when it ends, nothing in between; a
/// condition must hold for the rule's consecutive fixes before it counts (AIS jitters), speed has a
/// hysteresis, and a rule's cooldown spaces out episodes for the same vessel.
/// </summary>
public sealed class AlertEvaluator
{
    private readonly Dictionary<(long Rule, uint Mmsi), EpisodeState> _episodes = [];
    private readonly Dictionary<uint, VesselState> _lastSeen = [];
    private DateTimeOffset _feedTime = DateTimeOffset.MinValue;

    /// <summary>The newest message time seen: the feed's own clock, which is what "silent for N minutes" is measured on.</summary>
    public DateTimeOffset FeedTime => _feedTime;

    public int TrackedEpisodes => _episodes.Count;

    public List<AlertTransition> Evaluate(VesselState state, FleetSnapshot fleets, RuleSet rules)
    {
        var transitions = new List<AlertTransition>();
        if (state.Timestamp is { } at && at > _feedTime)
        {
            _feedTime = at;
        }

        _lastSeen[state.Mmsi] = state;
        HashSet<long>? inside = null;
        foreach (var fleetId in fleets.FleetsOf(state.Mmsi))
        {
            foreach (var rule in rules.ByFleet.GetValueOrDefault(fleetId) ?? [])
            {
                var episode = Episode(rule.Id, state.Mmsi);
                switch (rule.Kind)
                {
                    case RuleKinds.GeofenceEnter or RuleKinds.GeofenceExit when state.HasPosition:
                        inside ??= rules.AreasContaining(state.Lon!.Value, state.Lat!.Value);
                        Geofence(rule, episode, state, inside.Contains(rule.Id), transitions);
                        break;
                    case RuleKinds.SpeedAbove when state.Sog is { } sog:
                        Step(rule, episode, state, sog > rule.Knots, sog < rule.Knots - rule.HysteresisKnots, sog, rule.Knots,
                            $"{Name(state)} at {sog:F1} kn, above {rule.Knots:0.#} kn", transitions);
                        break;
                    case RuleKinds.NavStatus when state.NavStatus is { } status:
                        Step(rule, episode, state, rule.Statuses.Contains(status), !rule.Statuses.Contains(status), status, null,
                            $"{Name(state)} reports navigational status {status} ({NavStatusName(status)})", transitions);
                        break;
                    case RuleKinds.AnchorDrag when state.HasPosition:
                        AnchorDrag(rule, episode, state, transitions);
                        break;
                    case RuleKinds.SignalLost when episode.Open:
                        Close(rule, episode, state, $"{Name(state)} heard again", transitions); // any report ends the silence
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
                if (!_lastSeen.TryGetValue(mmsi, out var state) || state.Timestamp is not { } last)
                {
                    continue; // never heard: nothing to have lost
                }

                var silent = reference - last;
                var episode = Episode(rule.Id, mmsi);
                if (!episode.Open && silent > rule.SilentFor && CooledDown(rule, episode, reference))
                {
                    Open(rule, episode, state, silent.TotalMinutes, rule.SilentFor.TotalMinutes, reference,
                        $"{Name(state)} silent for {silent.TotalMinutes:F0} min (last heard {last:HH:mm} UTC)", transitions);
                }
            }
        }

        return transitions;
    }

    /// <summary>
    /// Enter (or exit) is a crossing: the vessel must have been seen on the other side first, then on this
    /// side for the rule's consecutive fixes. The first fix only sets where the vessel is, so a vessel first
    /// seen inside has not "entered". The episode ends when it is seen back on the other side as many times.
    /// </summary>
    private static void Geofence(CompiledRule rule, EpisodeState episode, VesselState state, bool isInside, List<AlertTransition> transitions)
    {
        var enter = rule.Kind == RuleKinds.GeofenceEnter;
        var onAlertSide = enter ? isInside : !isInside;
        var at = state.Timestamp ?? DateTimeOffset.MinValue;
        if (episode.Inside is not { } wasInside)
        {
            episode.Inside = isInside;
            return;
        }

        var wasOnAlertSide = enter ? wasInside : !wasInside;
        if (!episode.Open)
        {
            if (!onAlertSide || wasOnAlertSide)
            {
                episode.Counter = 0;
                episode.Inside = isInside;
                return;
            }

            if (++episode.Counter >= rule.ConsecutiveFixes)
            {
                if (CooledDown(rule, episode, at))
                {
                    Open(rule, episode, state, null, null, at, $"{Name(state)} {(enter ? "entered" : "left")} {rule.Rule.Name}", transitions);
                }

                episode.Counter = 0;
                episode.Inside = isInside; // a crossing during the cooldown is consumed, not raised late
            }

            return;
        }

        if (onAlertSide)
        {
            episode.Counter = 0;
            return;
        }

        if (++episode.Counter >= rule.ConsecutiveFixes)
        {
            episode.Open = false;
            episode.Counter = 0;
            episode.Inside = isInside;
            transitions.Add(new AlertTransition(false, rule, state.Mmsi, state.Name, state.Lat, state.Lon, null, null, at, $"{Name(state)} {(enter ? "left" : "back in")} {rule.Rule.Name}"));
        }
    }

    private void AnchorDrag(CompiledRule rule, EpisodeState episode, VesselState state, List<AlertTransition> transitions)
    {
        if (state.NavStatus != 1)
        {
            episode.Anchor = null; // weighed anchor (or never anchored): a new anchorage starts afresh
            if (episode.Open)
            {
                Close(rule, episode, state, $"{Name(state)} no longer at anchor", transitions);
            }

            return;
        }

        episode.Anchor ??= (state.Lat!.Value, state.Lon!.Value);
        var meters = Distance(episode.Anchor.Value, (state.Lat!.Value, state.Lon!.Value));
        Step(rule, episode, state, meters > rule.Meters, false, meters, rule.Meters,
            $"{Name(state)} {meters:F0} m from where it anchored (limit {rule.Meters:F0} m)", transitions);
    }

    /// <summary>Counts consecutive fixes for the condition (or its end) and opens or closes the episode when they add up.</summary>
    private void Step(CompiledRule rule, EpisodeState episode, VesselState state, bool condition, bool ended, double? value, double? threshold, string message, List<AlertTransition> transitions)
    {
        var at = state.Timestamp ?? _feedTime;
        if (!episode.Open)
        {
            episode.Counter = condition ? episode.Counter + 1 : 0;
            if (episode.Counter >= rule.ConsecutiveFixes && CooledDown(rule, episode, at))
            {
                Open(rule, episode, state, value, threshold, at, message, transitions);
            }
        }
        else
        {
            episode.Counter = ended ? episode.Counter + 1 : 0;
            if (episode.Counter >= rule.ConsecutiveFixes)
            {
                Close(rule, episode, state, message, transitions);
            }
        }
    }

    private static bool CooledDown(CompiledRule rule, EpisodeState episode, DateTimeOffset at) =>
        episode.LastRaised is not { } last || at - last >= rule.Rule.Cooldown;

    private static void Open(CompiledRule rule, EpisodeState episode, VesselState state, double? value, double? threshold, DateTimeOffset at, string message, List<AlertTransition> transitions)
    {
        episode.Open = true;
        episode.Counter = 0;
        episode.LastRaised = at;
        transitions.Add(new AlertTransition(true, rule, state.Mmsi, state.Name, state.Lat, state.Lon, value, threshold, at, message));
    }

    private void Close(CompiledRule rule, EpisodeState episode, VesselState state, string message, List<AlertTransition> transitions)
    {
        episode.Open = false;
        episode.Counter = 0;
        transitions.Add(new AlertTransition(false, rule, state.Mmsi, state.Name, state.Lat, state.Lon, null, null, state.Timestamp ?? _feedTime, message));
    }

    private EpisodeState Episode(long rule, uint mmsi)
    {
        if (!_episodes.TryGetValue((rule, mmsi), out var episode))
        {
            _episodes[(rule, mmsi)] = episode = new EpisodeState();
        }

        return episode;
    }

    private static string Name(VesselState state) => string.IsNullOrWhiteSpace(state.Name) ? $"MMSI {state.Mmsi}" : state.Name;

    private static double Distance((double Lat, double Lon) a, (double Lat, double Lon) b)
    {
        const double EarthRadiusMeters = 6_371_000;
        var dLat = (b.Lat - a.Lat) * Math.PI / 180;
        var dLon = (b.Lon - a.Lon) * Math.PI / 180;
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(a.Lat * Math.PI / 180) * Math.Cos(b.Lat * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static string NavStatusName(int status) => status switch
    {
        0 => "under way using engine",
        1 => "at anchor",
        2 => "not under command",
        3 => "restricted manoeuvrability",
        4 => "constrained by draught",
        5 => "moored",
        6 => "aground",
        7 => "engaged in fishing",
        8 => "under way sailing",
        14 => "AIS-SART / emergency",
        15 => "not defined",
        _ => "reserved",
    };

    private sealed class EpisodeState
    {
        public bool Open;
        public int Counter;
        public DateTimeOffset? LastRaised;
        public bool? Inside;
        public (double Lat, double Lon)? Anchor;
    }
}
