using System.Text.Json.Nodes;
using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>What the identity rule remembers of a vessel: its last impossible jump and its recent static data changes.</summary>
internal sealed class IdentityHistory
{
    public DateTimeOffset? LastJumpAt;
    public readonly List<(DateTimeOffset At, string Field, string? From, string? To)> Changes = [];
}

/// <summary>
/// <c>identity</c>: one MMSI that cannot be one ship. Either a fix whose implied speed from the one before is above the
/// rule's knots over more than its meters (two transmitters sharing an MMSI, or a spoofed position: a jitter or a
/// short dropout never covers 2 km at 50 kn), or its name, call sign or IMO number changing back and forth
/// <c>flapsPerHour</c> times within an hour. The alert shows both positions or the values seen. It is resolved once
/// the vessel has been consistent for 30 minutes (no jump, no flapping within the hour).
/// </summary>
internal sealed class IdentityRule(Episodes episodes) : IRuleKind
{
    private static readonly TimeSpan ConsistentFor = TimeSpan.FromMinutes(30);

    public string Kind => RuleKinds.Identity;

    public void OnFix(CompiledRule rule, VesselTrack track, VesselState state, List<AlertTransition> transitions)
    {
        if (state is not { Lat: { } lat, Lon: { } lon, Timestamp: { } at } || track.Previous is not { } before)
        {
            return;
        }

        var settings = rule.Identity!;
        var history = track.Identity ??= new IdentityHistory();
        var episode = track.Episodes.GetValueOrDefault(rule.Id);
        var meters = AlertWording.Distance((before.Lat, before.Lon), (lat, lon));
        var hours = Math.Max((at - before.At).TotalSeconds, 1) / 3600;
        var knots = meters / 1852 / hours;
        if (meters > settings.MinMeters && knots > settings.MaxKnots)
        {
            history.LastJumpAt = at;
            if (episode is not { Open: true } && Episodes.CooledDown(rule, episode, at))
            {
                var measured = new JsonObject
                {
                    ["anomaly"] = "position", ["meters"] = Math.Round(meters, 0), ["impliedKnots"] = Math.Round(knots, 0),
                    ["positions"] = new JsonArray(AlertEvidence.FixJson(before), AlertEvidence.FixJson(new Fix(at, lat, lon, state.Sog))),
                };
                Episodes.Open(rule, track, state, knots, settings.MaxKnots, at,
                    $"{AlertWording.Name(state)} heard {meters / 1000:F0} km from its last fix {(at - before.At).TotalMinutes:F0} min earlier ({knots:F0} kn): two transmitters, or a false position", transitions, measured);
            }

            return;
        }

        if (episode is { Open: true } && at - (history.LastJumpAt ?? DateTimeOffset.MinValue) >= ConsistentFor && Flaps(history, at).Count == 0)
        {
            episodes.Close(rule, track, episode, state, $"{AlertWording.Name(state)} consistent again for {ConsistentFor.TotalMinutes:F0} min", transitions);
        }
    }

    /// <summary>Static data changed (name, call sign, IMO): counts the change, raising when a field flaps.</summary>
    public static void OnStatic(CompiledRule rule, VesselTrack track, VesselState before, VesselState after, DateTimeOffset at, List<AlertTransition> transitions)
    {
        var history = track.Identity ??= new IdentityHistory();
        Change(history, at, "name", before.Name, after.Name);
        Change(history, at, "callsign", before.Callsign, after.Callsign);
        Change(history, at, "imo", before.Imo?.ToString(System.Globalization.CultureInfo.InvariantCulture), after.Imo?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        history.Changes.RemoveAll(c => at - c.At > TimeSpan.FromHours(1));
        var episode = track.Episodes.GetValueOrDefault(rule.Id);
        var flapping = Flaps(history, at).FirstOrDefault(f => f.Changes >= rule.Identity!.FlapsPerHour);
        if (flapping.Field is null || episode is { Open: true } || !Episodes.CooledDown(rule, episode, at))
        {
            return;
        }

        var values = history.Changes.Where(c => c.Field == flapping.Field).SelectMany(c => new[] { c.From, c.To }).Distinct().ToList();
        var measured = new JsonObject
        {
            ["anomaly"] = flapping.Field, ["changesInHour"] = flapping.Changes, ["values"] = new JsonArray([.. values.Select(v => (JsonNode?)v)]),
        };
        Episodes.Open(rule, track, after, flapping.Changes, rule.Identity!.FlapsPerHour, at,
            $"{AlertWording.Name(after)}: {flapping.Field} changed {flapping.Changes} times within an hour ({string.Join(" / ", values)}): two transmitters, or a false identity", transitions, measured);
    }

    /// <summary>Fields changed back and forth within the hour: more than one change, to a value it had before.</summary>
    private static List<(string Field, int Changes)> Flaps(IdentityHistory history, DateTimeOffset at) =>
        [.. history.Changes.Where(c => at - c.At <= TimeSpan.FromHours(1)).GroupBy(c => c.Field)
            .Where(g => g.Count() >= 2 && g.Any(c => g.Any(earlier => earlier.At <= c.At && earlier.From == c.To)))
            .Select(g => (g.Key, g.Count()))];

    private static void Change(IdentityHistory history, DateTimeOffset at, string field, string? from, string? to)
    {
        if (from is not null && to is not null && from != to)
        {
            history.Changes.Add((at, field, from, to));
        }
    }
}
