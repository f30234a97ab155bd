using AisLive.Server.Fleets;
using AisLive.Server.Pipeline;
using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>
/// Decides when alert episodes start and end. Pure and single-threaded (one instance, fed in message order
/// per vessel): one alert when a condition starts, one resolution when it ends, nothing in between; a
/// condition must hold for the rule's consecutive fixes before it counts (AIS jitters), and a rule's cooldown
/// spaces out episodes for the same vessel (<see cref="Episodes"/>). It keeps the watched vessels and the feed's
/// clock, and hands each new fix to the rule kinds in turn: geofences first (<see cref="GeofenceRules"/>), then each
/// of the vessel's fleets' other rules by its kind (<see cref="IRuleKind"/>); distress beacons are heard whatever
/// fleet they are in (<see cref="DistressRule"/>).
/// </summary>
public sealed partial class AlertEvaluator
{
    private readonly Dictionary<uint, VesselTrack> _vessels = [];
    private readonly Episodes _episodes;
    private readonly GeofenceRules _geofences;
    private readonly DistressRule _distress;
    private readonly SpeedAboveRule _speedAbove;
    private readonly NavStatusRule _navStatus;
    private readonly AnchorDragRule _anchorDrag;
    private readonly SignalLostRule _signalLost;
    private readonly EvaluationContext _context = new();
    private readonly NeighbourGrid _grid = new();
    private readonly ReceptionMap _reception = new();
    private readonly EncounterRule _encounter;
    private readonly LoiteringRule _loitering;
    private readonly PortCallRule _portCall;
    private readonly DarkRule _dark;
    private readonly IdentityRule _identity;
    private DateTimeOffset _feedTime = DateTimeOffset.MinValue;
    private DateTimeOffset _listeningSince = DateTimeOffset.MinValue;

    public AlertEvaluator()
    {
        _episodes = new Episodes(() => _feedTime);
        _geofences = new GeofenceRules(_episodes);
        _distress = new DistressRule(_episodes);
        _speedAbove = new SpeedAboveRule(_episodes);
        _navStatus = new NavStatusRule(_episodes);
        _anchorDrag = new AnchorDragRule(_episodes);
        _signalLost = new SignalLostRule(_episodes);
        _encounter = new EncounterRule(_grid, _context, mmsi => _vessels.GetValueOrDefault(mmsi)?.Last?.Name);
        _loitering = new LoiteringRule(_episodes, _context);
        _portCall = new PortCallRule(_episodes, _context);
        _dark = new DarkRule(_episodes, _reception);
        _identity = new IdentityRule(_episodes);
    }

    /// <summary>
    /// The kinds judged on each fix: the table a new kind is added to. A switch rather than a dictionary: it runs for
    /// every rule of every fix, and a string switch costs no hashing (a dictionary made evaluation 6 to 11 % slower).
    /// </summary>
    private IRuleKind? KindOf(string kind) => kind switch
    {
        RuleKinds.SpeedAbove => _speedAbove,
        RuleKinds.NavStatus => _navStatus,
        RuleKinds.AnchorDrag => _anchorDrag,
        RuleKinds.SignalLost => _signalLost,
        RuleKinds.Encounter => _encounter,
        RuleKinds.Loitering => _loitering,
        RuleKinds.PortCall => _portCall,
        RuleKinds.Dark => _dark,
        RuleKinds.Identity => _identity,
        _ => null,
    };

    /// <summary>A gap this long in the feed's clock means nobody was listening (the service was down, the feed quiet).</summary>
    public TimeSpan FeedQuietAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The newest message time seen: the feed's own clock, which is what "silent for N minutes" is measured on.</summary>
    public DateTimeOffset FeedTime => _feedTime;

    public int TrackedVessels => _vessels.Count;

    /// <summary>Vessels in the neighbour grid (every vessel heard in the last hour, while an encounter rule exists).</summary>
    public int PlacedVessels => _grid.Count;

    /// <summary>1° cells whose reception is being learned (while a dark rule exists).</summary>
    public int ReceptionCells => _reception.Cells;

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
    public List<AlertTransition> Apply(in DecodedMessage decoded, FleetSnapshot fleets, RuleSnapshot rules)
    {
        var transitions = ApplyFleetRules(decoded, fleets, rules);
        if (rules.Distress.Count > 0 && DistressSignal.From(decoded.Message) is { } signal)
        {
            Distress(decoded, signal, fleets, rules, transitions);
        }

        return transitions;
    }

    private void Distress(in DecodedMessage decoded, DistressSignal signal, FleetSnapshot fleets, RuleSnapshot rules, List<AlertTransition> transitions)
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
        AdvanceFeedTime(decoded.TimestampUtc);
        DistressRule.OnSignal(signal, track, state, decoded.TimestampUtc, rules, transitions);
    }

    private List<AlertTransition> ApplyFleetRules(in DecodedMessage decoded, FleetSnapshot fleets, RuleSnapshot rules)
    {
        var mmsi = decoded.Message.Mmsi.Value;
        var message = decoded.Message;
        if (!IsWatched(mmsi, fleets, rules))
        {
            if (rules.ObservesEveryone)
            {
                if (message.HasPosition && IsVesselReport(message.MessageType))
                {
                    Observe(mmsi, message.Latitude!.Value, message.Longitude!.Value, message.SpeedKnots, decoded.TimestampUtc, rules);
                }
                else if (message.Static is { } data && rules.HasEncounter)
                {
                    _grid.Name(mmsi, StaticDataNews.From(data, decoded.TimestampUtc).Name, decoded.TimestampUtc); // so an encounter names the other ship
                }
            }

            AdvanceFeedTime(decoded.TimestampUtc);
            return [];
        }

        var previous = _vessels.GetValueOrDefault(mmsi)?.Last;
        var state = VesselStateMerger.Merge(previous, decoded);
        if (previous is not null && state.Timestamp == previous.Timestamp)
        {
            var track = _vessels[mmsi];
            track.Last = state; // no new fix (static data, or an older report): nothing to count but the identity it gives
            return rules.HasIdentity && !ReferenceEquals(state, previous) ? StaticChanged(track, previous, state, decoded.TimestampUtc, fleets, rules) : [];
        }

        var transitions = Evaluate(state, fleets, rules);
        if (_vessels.TryGetValue(mmsi, out var watched) && message.HasPosition)
        {
            watched.ClassB = message.MessageType is 18 or 19;
        }

        return transitions;
    }

    public List<AlertTransition> Evaluate(VesselState state, FleetSnapshot fleets, RuleSnapshot rules)
    {
        var transitions = new List<AlertTransition>();
        if (state.Timestamp is { } at)
        {
            AdvanceFeedTime(at);
            if (rules.ObservesEveryone && state is { Lat: { } lat, Lon: { } lon })
            {
                Observe(state.Mmsi, lat, lon, state.Sog, at, rules, state.Name);
            }
        }

        _context.Fleets = fleets;
        _context.Rules = rules;

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
        track.Remember(state);
        if (fleetIds.Length == 0)
        {
            return transitions;
        }

        if (state.HasPosition)
        {
            _geofences.OnFix(track, state, fleetIds, rules, transitions);
        }

        foreach (var fleetId in fleetIds)
        {
            foreach (var rule in rules.NonGeofenceByFleet.GetValueOrDefault(fleetId) ?? [])
            {
                KindOf(rule.Kind)?.OnFix(rule, track, state, transitions);
            }
        }

        return transitions;
    }

    /// <summary>
    /// Raises <c>signal-lost</c> for vessels silent longer than their rule allows, measured against
    /// <paramref name="reference"/> (the feed's clock, carried forward by real time while the feed is live).
    /// The caller does not sweep while the whole feed is quiet: that is a feed problem, not dark vessels.
    /// </summary>
    public List<AlertTransition> SweepSignalLost(DateTimeOffset reference, FleetSnapshot fleets, RuleSnapshot rules)
    {
        var transitions = new List<AlertTransition>();
        SignalLostRule.Sweep(reference, _listeningSince, fleets, rules, _vessels, transitions);
        return transitions;
    }

    /// <summary>
    /// The time-driven part of the behaviour rules: dark vessels (silent past their expected interval where reception is
    /// normal) and encounters one of whose vessels fell silent.
    /// </summary>
    public List<AlertTransition> SweepBehaviour(DateTimeOffset reference, FleetSnapshot fleets, RuleSnapshot rules)
    {
        var transitions = new List<AlertTransition>();
        if (rules.HasDark)
        {
            _dark.Sweep(reference, _listeningSince, fleets, rules, _vessels, transitions);
        }

        if (rules.HasEncounter)
        {
            _encounter.Sweep(reference, rules, _vessels, transitions);
        }

        return transitions;
    }

    /// <summary>
    /// Places a vessel's report in the neighbour grid (encounters are with anyone) and counts it towards the reception
    /// of its 1° cell (a dark vessel is only dark where others are heard), for any vessel, watched or not.
    /// </summary>
    public void Observe(uint mmsi, double lat, double lon, double? sog, DateTimeOffset at, RuleSnapshot rules, string? name = null)
    {
        if (rules.HasEncounter)
        {
            _grid.Update(mmsi, lat, lon, sog, at, name);
        }

        if (rules.HasDark)
        {
            _reception.Count(lat, lon, at);
        }
    }

    private static List<AlertTransition> StaticChanged(VesselTrack track, VesselState before, VesselState after, DateTimeOffset at, FleetSnapshot fleets, RuleSnapshot rules)
    {
        var transitions = new List<AlertTransition>();
        foreach (var fleetId in fleets.FleetsOf(after.Mmsi))
        {
            foreach (var rule in rules.NonGeofenceByFleet.GetValueOrDefault(fleetId) ?? [])
            {
                if (rule.Identity is not null)
                {
                    IdentityRule.OnStatic(rule, track, before, after, at, transitions);
                }
            }
        }

        return transitions;
    }

    // Position reports of vessels (not base stations, aids to navigation or SAR aircraft, which fly at 100 kn and meet nobody).
    internal static bool IsVesselReport(int type) => type is 1 or 2 or 3 or 18 or 19 or 27;

    /// <summary>Resolves distress episodes whose device has been silent for longer than its rule's minutes.</summary>
    public List<AlertTransition> SweepDistress(DateTimeOffset reference, RuleSnapshot rules)
    {
        var transitions = new List<AlertTransition>();
        if (rules.Distress.Count > 0)
        {
            _distress.Sweep(reference, rules, _vessels, transitions);
        }

        return transitions;
    }
}
