using System.Text.Json.Nodes;
using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>A vessel's recent path for one loitering rule: fixes at least a minute apart, each with the distance sailed up to it.</summary>
internal sealed class SlowStretch
{
    public readonly List<(DateTimeOffset At, double Lat, double Lon, double Path)> Samples = [];
}

/// <summary>
/// <c>loitering</c>: the average implied speed (distance sailed between fixes over the time between them, not the
/// reported SOG, which a drifting or spoofing vessel can misstate) below the rule's knots for its minutes, outside
/// excluded places (and inside its area, if it has one); it ends above 1.5 × knots over the last quarter hour (or
/// eighth of the minutes), or on entering an excluded place. Fixes are sampled a minute or more apart, so GPS jitter
/// between 10-second reports does not add up to speed, and so a 4-hour window holds about 120 samples.
/// </summary>
internal sealed class LoiteringRule(Episodes episodes, EvaluationContext context) : IRuleKind
{
    private static readonly TimeSpan UpdateEvery = TimeSpan.FromMinutes(30);
    private const double MetersPerSecondPerKnot = 1852.0 / 3600;

    public string Kind => RuleKinds.Loitering;

    public void OnFix(CompiledRule rule, VesselTrack track, VesselState state, List<AlertTransition> transitions)
    {
        if (state is not { Lat: { } lat, Lon: { } lon, Timestamp: { } at })
        {
            return;
        }

        var settings = rule.Loitering!;
        var episode = track.Episodes.GetValueOrDefault(rule.Id);
        var excluded = context.Places.InsideAny(lat, lon, settings.ExcludePlaceKinds);
        if (excluded || (settings.Area is { } area && !area.Covers(Wgs84.Point(lon, lat))))
        {
            track.Slow?.Remove(rule.Id);
            if (episode is { Open: true })
            {
                episodes.Close(rule, track, episode, state, $"{AlertWording.Name(state)} {(excluded ? "entered an excluded place" : "left the area")}: loitering over", transitions);
            }

            Episodes.Idle(rule, track, episode);
            return;
        }

        var stretch = (track.Slow ??= []).GetValueOrDefault(rule.Id) ?? (track.Slow[rule.Id] = new SlowStretch());
        var samples = stretch.Samples;
        var spacing = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, settings.Duration.Ticks / 120));
        if (samples.Count == 0 || at - samples[^1].At >= spacing)
        {
            var path = samples.Count == 0 ? 0 : samples[^1].Path + AlertWording.Distance((samples[^1].Lat, samples[^1].Lon), (lat, lon));
            samples.Add((at, lat, lon, path));
        }

        var keepFrom = at - settings.Duration;
        var drop = 0;
        while (drop + 1 < samples.Count && samples[drop + 1].At <= keepFrom)
        {
            drop++; // keep the newest sample at or before the window's start, so the window is covered
        }

        samples.RemoveRange(0, drop);
        var (first, last) = (samples[0], samples[^1]);
        var span = last.At - first.At;
        var knots = Knots(first, last);
        var measured = new JsonObject
        {
            ["averageKnots"] = Math.Round(knots, 2), ["minutes"] = Math.Round(span.TotalMinutes, 0), ["pathMeters"] = Math.Round(last.Path - first.Path, 0),
            ["start"] = new JsonObject { ["ts"] = first.At, ["lat"] = Math.Round(first.Lat, 6), ["lon"] = Math.Round(first.Lon, 6) },
        };
        if (episode is not { Open: true })
        {
            if (span >= settings.Duration && knots < settings.Knots && Episodes.CooledDown(rule, episode, at))
            {
                Episodes.Open(rule, track, state, knots, settings.Knots, at,
                    $"{AlertWording.Name(state)} loitering: {knots:F1} kn on average over {span.TotalMinutes:F0} min (limit {settings.Knots:F1} kn)", transitions, measured);
            }

            return;
        }

        var recentWindow = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(15).Ticks, settings.Duration.Ticks / 8));
        var recentStart = samples.LastOrDefault(s => s.At <= at - recentWindow);
        var recentKnots = recentStart.At == default ? 0 : Knots(recentStart, last);
        if (recentKnots > settings.EndKnots)
        {
            measured["recentKnots"] = Math.Round(recentKnots, 2);
            episodes.Close(rule, track, episode, state, $"{AlertWording.Name(state)} under way again ({recentKnots:F1} kn): loitering over", transitions, measured);
            samples.Clear();
            return;
        }

        Episodes.Update(rule, track, episode, state, at, UpdateEvery, knots,
            $"{AlertWording.Name(state)} loitering: {knots:F1} kn on average over {span.TotalMinutes:F0} min (limit {settings.Knots:F1} kn)", measured, transitions);
    }

    private static double Knots((DateTimeOffset At, double Lat, double Lon, double Path) from, (DateTimeOffset At, double Lat, double Lon, double Path) to) =>
        to.At <= from.At ? 0 : (to.Path - from.Path) / (to.At - from.At).TotalSeconds / MetersPerSecondPerKnot;
}
