using System.Text.Json.Nodes;
using AisLive.Server.Fleets;
using AisLive.Server.Vessels;
using NetTopologySuite.Operation.Distance;

namespace AisLive.Server.Alerts;

/// <summary>
/// <c>dark</c>: a fleet vessel silent longer than the rule's factor × the interval ITU-R M.1371 sets for its class, speed
/// and status (never under <c>minMinutes</c>), raised only while this service hears the sea around its last position
/// and the feed as a whole as well as usual (<see cref="ReceptionMap"/>): a silence that coverage explains is not the
/// vessel going dark. Raised by the sweep, on the feed's clock; resolved when it is heard again. The alert carries the
/// gap so far and how far the vessel could be by now at its highest recent speed, with the watch areas within that
/// reach; it is updated every 15 minutes as the gap and the reach grow.
/// </summary>
internal sealed class DarkRule(Episodes episodes, ReceptionMap reception) : IRuleKind
{
    private static readonly TimeSpan UpdateEvery = TimeSpan.FromMinutes(15);

    public string Kind => RuleKinds.Dark;

    public void OnFix(CompiledRule rule, VesselTrack track, VesselState state, List<AlertTransition> transitions)
    {
        if (track.Episodes.TryGetValue(rule.Id, out var dark) && dark.Open)
        {
            var gap = track.Previous is { } before ? state.Timestamp - before.At : null;
            episodes.Close(rule, track, dark, state, $"{AlertWording.Name(state)} heard again{(gap is { } g ? $" after {g.TotalMinutes:F0} min" : "")}", transitions,
                new JsonObject { ["gapMinutes"] = gap is { } m ? Math.Round(m.TotalMinutes, 1) : null });
        }
    }

    public void Sweep(DateTimeOffset reference, DateTimeOffset listeningSince, FleetSnapshot fleets, RuleSnapshot rules, Dictionary<uint, VesselTrack> vessels, List<AlertTransition> transitions)
    {
        foreach (var rule in rules.All)
        {
            if (rule.Dark is not { } settings || !fleets.Fleets.TryGetValue(rule.Rule.FleetId, out var fleet))
            {
                continue;
            }

            foreach (var mmsi in fleet.Vessels)
            {
                if (!vessels.TryGetValue(mmsi, out var track) || track.Last is not { Timestamp: { } last, Lat: { } lat, Lon: { } lon } state)
                {
                    continue; // never heard: nothing to have gone dark from
                }

                var expected = ReportingInterval.Expected(track.ClassB, state.Sog, state.NavStatus);
                var limit = TimeSpan.FromTicks(Math.Max((long)(expected.Ticks * settings.Factor), settings.MinSilence.Ticks));
                var since = last > listeningSince ? last : listeningSince;
                var silent = reference - since;
                var episode = track.Episodes.GetValueOrDefault(rule.Id);
                if (silent <= limit)
                {
                    continue;
                }

                var measured = Measured(settings, track, lat, lon, silent, expected, limit, since, reference);
                if (episode is { Open: true })
                {
                    Episodes.Update(rule, track, episode, state, reference, UpdateEvery, silent.TotalMinutes, Message(state, silent, measured), measured, transitions);
                }
                else if (reception.IsNormal(lat, lon, since, reference) && Episodes.CooledDown(rule, episode, reference))
                {
                    Episodes.Open(rule, track, state, silent.TotalMinutes, limit.TotalMinutes, reference, Message(state, silent, measured), transitions, measured);
                }
            }
        }
    }

    private static string Message(VesselState state, TimeSpan silent, JsonObject measured) =>
        $"{AlertWording.Name(state)} dark for {silent.TotalMinutes:F0} min where others are heard as usual (could be {(double)measured["reachMeters"]! / 1852:F1} nm away)" +
        (measured["watchAreasInReach"] is JsonArray { Count: > 0 } areas ? $"; within reach: {string.Join(", ", areas.Select(a => a!.GetValue<string>()))}" : "");

    private JsonObject Measured(DarkSettings settings, VesselTrack track, double lat, double lon, TimeSpan silent, TimeSpan expected, TimeSpan limit, DateTimeOffset since, DateTimeOffset reference)
    {
        var knots = Math.Max(track.PeakKnots, 1); // a stopped vessel still drifts
        var reach = knots * 1852 / 3600 * silent.TotalSeconds;
        var point = Wgs84.Point(lon, lat);
        var inReach = settings.WatchAreas
            .Where(a => a.Area.Covers(point) || DistanceOp.NearestPoints(a.Area, point) is [var nearest, _] && AlertWording.Distance((lat, lon), (nearest.Y, nearest.X)) <= reach)
            .Select(a => (JsonNode)a.Name);
        var rates = reception.Rates(lat, lon, since, reference);
        return new JsonObject
        {
            ["gapMinutes"] = Math.Round(silent.TotalMinutes, 1),
            ["expectedIntervalSeconds"] = expected.TotalSeconds,
            ["limitMinutes"] = Math.Round(limit.TotalMinutes, 1),
            ["peakKnots"] = Math.Round(knots, 1),
            ["reachMeters"] = Math.Round(reach, 0),
            ["watchAreasInReach"] = new JsonArray([.. inReach]),
            ["reception"] = new JsonObject
            {
                ["cellPerMinute"] = Math.Round(rates.CellRecent, 2), ["cellUsualPerMinute"] = Math.Round(rates.CellLearned, 2),
                ["feedPerMinute"] = Math.Round(rates.FeedRecent, 1), ["feedUsualPerMinute"] = Math.Round(rates.FeedLearned, 1),
            },
        };
    }
}
