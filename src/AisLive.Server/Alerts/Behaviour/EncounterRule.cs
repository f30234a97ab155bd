using System.Text.Json.Nodes;
using AisLive.Server.Fleets;
using AisLive.Server.Places;
using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>One pair a fleet vessel is close to: since when, how close, how slow both were, and its episode.</summary>
internal sealed class PairState
{
    public DateTimeOffset Start;
    public double StartLat;
    public double StartLon;
    public double Closest = double.MaxValue;
    public DateTimeOffset SeenAt;
    public int SelfSlow;
    public int SelfSamples;
    public int OtherSlow;
    public int OtherSamples;
    public readonly EpisodeState Episode = new();

    /// <summary>Median below the limit: more than half of the speeds sampled were below it (an unknown speed is not sampled).</summary>
    public bool BothSlow => SelfSlow * 2 > SelfSamples && OtherSlow * 2 > OtherSamples;
}

/// <summary>
/// <c>encounter</c>: a fleet vessel and another vessel (anyone, or one of <c>withFleet</c>) within the rule's meters of
/// each other for its minutes, both with a median speed below its knots, neither inside an excluded place (Global
/// Fishing Watch's definition: 500 m, 2 h, 2 kn, away from ports and anchorages). One episode per pair; it ends when
/// they are 1.5 × meters apart, or one of them has been silent a quarter of the minutes. The pair is found through the
/// <see cref="NeighbourGrid"/> when the fleet vessel reports; while it lasts the alert is updated every 15 minutes
/// with the closest approach and the duration so far.
/// </summary>
internal sealed class EncounterRule(NeighbourGrid grid, EvaluationContext context, Func<uint, string?> nameOf) : IRuleKind
{
    public string Kind => RuleKinds.Encounter;

    private static readonly TimeSpan UpdateEvery = TimeSpan.FromMinutes(15);
    private readonly List<(uint Mmsi, NeighbourGrid.Entry Entry, double Meters)> _near = [];

    public void OnFix(CompiledRule rule, VesselTrack track, VesselState state, List<AlertTransition> transitions)
    {
        var places = context.Places;
        var fleets = context.Fleets;
        if (state is not { Lat: { } lat, Lon: { } lon, Timestamp: { } at })
        {
            return;
        }

        var settings = rule.Encounter!;
        var pairs = track.Pairs ??= [];
        _near.Clear();
        if (!places.InsideAny(lat, lon, settings.ExcludePlaceKinds))
        {
            grid.Near(state.Mmsi, lat, lon, settings.EndMeters, at - settings.SilentEnds, _near);
        }

        foreach (var (other, entry, meters) in _near)
        {
            if (!Counts(rule, state.Mmsi, other, entry, places, fleets))
            {
                continue;
            }

            if (!pairs.TryGetValue((rule.Id, other), out var pair))
            {
                if (meters > settings.Meters)
                {
                    continue;
                }

                pairs[(rule.Id, other)] = pair = new PairState { Start = at, StartLat = (lat + entry.Lat) / 2, StartLon = (lon + entry.Lon) / 2 };
            }
            else if (!pair.Episode.Open && meters > settings.Meters)
            {
                pairs.Remove((rule.Id, other)); // not yet an encounter, and no longer close: it must start again
                continue;
            }

            pair.SeenAt = at;
            pair.Closest = Math.Min(pair.Closest, meters);
            Sample(ref pair.SelfSlow, ref pair.SelfSamples, state.Sog, settings.Knots);
            Sample(ref pair.OtherSlow, ref pair.OtherSamples, entry.Sog, settings.Knots);
            Step(rule, track, state, other, entry, pair, at, transitions);
        }

        foreach (var ((ruleId, other), pair) in pairs.Where(p => p.Key.Rule == rule.Id && p.Value.SeenAt != at).ToList())
        {
            var why = grid.TryGet(other, out var entry) && at - entry.At <= settings.SilentEnds
                ? places.InsideAny(lat, lon, settings.ExcludePlaceKinds) ? "entered an excluded place" : $"more than {settings.EndMeters:F0} m apart"
                : "the other vessel fell silent";
            End(rule, track, state, other, pair, at, why, transitions);
        }
    }

    /// <summary>Ends the pairs one of whose vessels has been silent a quarter of the rule's minutes (no fix would end them).</summary>
    public void Sweep(DateTimeOffset reference, RuleSnapshot rules, Dictionary<uint, VesselTrack> vessels, List<AlertTransition> transitions)
    {
        foreach (var track in vessels.Values)
        {
            if (track.Pairs is not { Count: > 0 } pairs || track.Last is not { Timestamp: { } last } state)
            {
                continue;
            }

            foreach (var ((ruleId, other), pair) in pairs.ToList())
            {
                if (rules.ById.GetValueOrDefault(ruleId) is not { Encounter: { } settings } rule)
                {
                    continue; // a removed rule's pairs are ended by Forget
                }

                var otherHeard = grid.TryGet(other, out var entry) ? entry.At : DateTimeOffset.MinValue;
                if (reference - last > settings.SilentEnds || reference - otherHeard > settings.SilentEnds)
                {
                    End(rule, track, state, other, pair, reference, reference - last > settings.SilentEnds ? "the fleet vessel fell silent" : "the other vessel fell silent", transitions);
                }
            }
        }
    }

    /// <summary>Drops the pairs of a rule that no longer applies; an open one is resolved, never stranded.</summary>
    public static void Forget(VesselTrack track, uint mmsi, long ruleId, DateTimeOffset at, List<AlertTransition> transitions)
    {
        if (track.Pairs is not { } pairs)
        {
            return;
        }

        foreach (var ((rule, other), pair) in pairs.Where(p => p.Key.Rule == ruleId).ToList())
        {
            pairs.Remove((rule, other));
            if (pair.Episode.Open)
            {
                var compiled = pair.Episode.Rule ?? Episodes.Removed(ruleId, RuleKinds.Encounter);
                transitions.Add(new AlertTransition(false, compiled, mmsi, track.Last?.Name, track.Last?.Lat, track.Last?.Lon, null, null, at,
                    $"{(track.Last is { } last ? AlertWording.Name(last) : $"MMSI {mmsi}")}: rule {compiled.Rule.Name} no longer applies (removed, or the vessel left its fleet)")
                {
                    OtherMmsi = other,
                });
            }
        }
    }

    /// <summary>The pair as restored from an open alert: open, with what the alert knew.</summary>
    public static void Restore(VesselTrack track, CompiledRule rule, uint other, DateTimeOffset raisedOn)
    {
        var pair = new PairState { Start = raisedOn - rule.Encounter!.Duration, SeenAt = raisedOn, Closest = rule.Encounter.Meters };
        pair.Episode.Open = true;
        pair.Episode.LastRaised = raisedOn;
        pair.Episode.LastUpdated = raisedOn;
        pair.Episode.Rule = rule;
        (track.Pairs ??= [])[(rule.Id, other)] = pair;
    }

    /// <summary>
    /// Whether the other vessel takes part: one of <c>withFleet</c> if given, not inside an excluded place, and, when
    /// both are in the rule's fleet, counted once (by the lower MMSI) rather than as two alerts about one meeting.
    /// </summary>
    private static bool Counts(CompiledRule rule, uint self, uint other, NeighbourGrid.Entry entry, PlaceSnapshot places, FleetSnapshot fleets)
    {
        var settings = rule.Encounter!;
        var otherFleets = fleets.FleetsOf(other);
        return (settings.WithFleet is not { } with || otherFleets.Contains(with))
            && !(other < self && otherFleets.Contains(rule.Rule.FleetId))
            && !places.InsideAny(entry.Lat, entry.Lon, settings.ExcludePlaceKinds);
    }

    private void Step(CompiledRule rule, VesselTrack track, VesselState state, uint other, NeighbourGrid.Entry entry, PairState pair, DateTimeOffset at, List<AlertTransition> transitions)
    {
        var settings = rule.Encounter!;
        var duration = at - pair.Start;
        var otherName = nameOf(other) ?? entry.Name;
        var message = $"{AlertWording.Name(state)} and {otherName ?? $"MMSI {other}"} within {pair.Closest:F0} m for {duration.TotalMinutes:F0} min";
        var fixes = track.Recent().Append(new Fix(entry.At, entry.Lat, entry.Lon, entry.Sog));
        if (!pair.Episode.Open)
        {
            if (duration >= settings.Duration && pair.BothSlow && Episodes.CooledDown(rule, pair.Episode, at))
            {
                pair.Episode.Open = true;
                pair.Episode.LastRaised = at;
                pair.Episode.LastUpdated = at;
                pair.Episode.Rule = rule;
                transitions.Add(new AlertTransition(true, rule, state.Mmsi, state.Name, state.Lat, state.Lon, pair.Closest, settings.Meters, at, message)
                {
                    Evidence = AlertEvidence.Of(rule, fixes, Measured(pair, other, otherName, duration)),
                    OtherMmsi = other,
                    OtherName = otherName,
                });
            }

            return;
        }

        Episodes.Update(rule, track, pair.Episode, state, at, UpdateEvery, pair.Closest, message, Measured(pair, other, otherName, duration), transitions, other, otherName, fixes);
    }

    private void End(CompiledRule rule, VesselTrack track, VesselState state, uint other, PairState pair, DateTimeOffset at, string why, List<AlertTransition> transitions)
    {
        track.Pairs!.Remove((rule.Id, other));
        if (!pair.Episode.Open)
        {
            return;
        }

        var otherName = nameOf(other) ?? (grid.TryGet(other, out var entry) ? entry.Name : null);
        var duration = at - pair.Start;
        transitions.Add(new AlertTransition(false, rule, state.Mmsi, state.Name, state.Lat, state.Lon, null, null, at,
            $"Encounter of {AlertWording.Name(state)} and {otherName ?? $"MMSI {other}"} over after {duration.TotalMinutes:F0} min: {why}")
        {
            OtherMmsi = other,
            OtherName = otherName,
            Evidence = Measured(pair, other, otherName, duration), // merged into the evidence that raised it
        });
    }

    private static JsonObject Measured(PairState pair, uint other, string? otherName, TimeSpan duration) => new()
    {
        ["closestMeters"] = Math.Round(pair.Closest, 0),
        ["minutes"] = Math.Round(duration.TotalMinutes, 0),
        ["start"] = new JsonObject { ["ts"] = pair.Start, ["lat"] = Math.Round(pair.StartLat, 6), ["lon"] = Math.Round(pair.StartLon, 6) },
        ["other"] = new JsonObject { ["mmsi"] = other, ["name"] = otherName },
        ["slowShare"] = new JsonObject
        {
            ["vessel"] = pair.SelfSamples == 0 ? null : Math.Round((double)pair.SelfSlow / pair.SelfSamples, 2),
            ["other"] = pair.OtherSamples == 0 ? null : Math.Round((double)pair.OtherSlow / pair.OtherSamples, 2),
        },
    };

    private static void Sample(ref int slow, ref int samples, double? sog, double knots)
    {
        if (sog is { } speed)
        {
            samples++;
            slow += speed < knots ? 1 : 0;
        }
    }
}
