using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Fleets;
using AisLive.Server.Places;
using AisLive.Server.Vessels;

namespace AisLive.Server.Tests.Alerts.Behaviour;

/// <summary>
/// A stretch of sea for the behaviour rules' scenarios: vessels whose position is a function of the feed's time, each
/// reporting at its own interval, fed to a real <see cref="AlertEvaluator"/> in time order with a sweep every minute of
/// the feed's clock. Time is compressed: hours of feed pass in the milliseconds it takes to evaluate them.
/// </summary>
public sealed class Sea
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 6, 0, 0, TimeSpan.Zero);
    public const long FleetId = 1;
    private readonly List<Vessel> _ships = [];
    private readonly List<CompiledPlace> _places = [];
    private readonly List<CompiledRule> _rules = [];

    public AlertEvaluator Evaluator { get; } = new();

    public List<AlertTransition> Transitions { get; } = [];

    public HashSet<uint> Fleet { get; } = [];

    /// <summary>A ship at <paramref name="where"/>(minutes since T0): lat, lon, sog; silent while <paramref name="silent"/>(minutes) says so.</summary>
    public Sea Ship(uint mmsi, Func<double, (double Lat, double Lon, double Sog)> where, TimeSpan? every = null, bool inFleet = false, Func<double, bool>? silent = null, string? name = null, int navStatus = 0)
    {
        _ships.Add(new Vessel(mmsi, where, every ?? TimeSpan.FromSeconds(10), silent ?? (_ => false), name ?? $"SHIP {mmsi % 1000}", navStatus));
        if (inFleet)
        {
            Fleet.Add(mmsi);
        }

        return this;
    }

    public Sea Place(long id, string kind, double south, double west, double north, double east, string? name = null)
    {
        var area = new JsonObject { ["type"] = "Polygon", ["coordinates"] = JsonNode.Parse($"[[[{west},{south}],[{east},{south}],[{east},{north}],[{west},{north}],[{west},{south}]]]") };
        var place = new Place(id, name ?? $"{kind} {id}", kind, null, area, T0);
        _places.Add(PlaceSnapshot.Compile(place, GeoJsonArea.Read(area, 100, "area", out _)!));
        return this;
    }

    public Sea Rule(string kind, JsonObject? parameters = null)
    {
        var rule = new AlertRule(_rules.Count + 1, kind, FleetId, kind, "warning", parameters ?? [], null, TimeSpan.Zero, T0);
        var (compiled, errors) = RuleCompiler.Compile(rule, 10_000);
        errors.ShouldBeEmpty();
        _rules.Add(compiled!);
        return this;
    }

    /// <summary>Runs the feed from <paramref name="fromMinutes"/> to <paramref name="toMinutes"/> (feed minutes since T0).</summary>
    public Sea Run(double fromMinutes, double toMinutes)
    {
        var fleets = new FleetSnapshot([new Fleet(FleetId, "fleet", [.. Fleet], [], T0)]);
        var rules = new RuleSnapshot(_rules, new PlaceSnapshot(_places));
        var reports = new PriorityQueue<Vessel, DateTimeOffset>();
        foreach (var ship in _ships)
        {
            reports.Enqueue(ship, T0.AddMinutes(fromMinutes) + TimeSpan.FromMilliseconds(ship.Mmsi % 997)); // not all in the same instant
        }

        var end = T0.AddMinutes(toMinutes);
        var nextSweep = T0.AddMinutes(fromMinutes + 1);
        while (reports.TryDequeue(out var ship, out var at) && at <= end)
        {
            while (nextSweep <= at)
            {
                Transitions.AddRange(Evaluator.SweepBehaviour(nextSweep, fleets, rules));
                nextSweep = nextSweep.AddMinutes(1);
            }

            var minutes = (at - T0).TotalMinutes;
            if (!ship.Silent(minutes))
            {
                var (lat, lon, sog) = ship.Where(minutes);
                Transitions.AddRange(Evaluator.Evaluate(
                    new VesselState { Mmsi = ship.Mmsi, Lat = lat, Lon = lon, Sog = sog, NavStatus = ship.NavStatus, Timestamp = at, Name = ship.Name }, fleets, rules));
            }

            reports.Enqueue(ship, at + ship.Every);
        }

        for (; nextSweep <= end; nextSweep = nextSweep.AddMinutes(1))
        {
            Transitions.AddRange(Evaluator.SweepBehaviour(nextSweep, fleets, rules));
        }

        return this;
    }

    public List<AlertTransition> Raised => [.. Transitions.Where(t => t.Raised && !t.Update && !t.LogOnly)];

    public List<AlertTransition> Resolved => [.. Transitions.Where(t => !t.Raised && !t.LogOnly)];

    public List<AlertTransition> Updates => [.. Transitions.Where(t => t.Update)];

    /// <summary>The point <paramref name="north"/> and <paramref name="east"/> meters from (lat, lon).</summary>
    public static (double Lat, double Lon) Offset(double lat, double lon, double north, double east) =>
        (lat + (north / 111_320), lon + (east / (111_320 * Math.Cos(lat * Math.PI / 180))));

    private sealed record Vessel(uint Mmsi, Func<double, (double Lat, double Lon, double Sog)> Where, TimeSpan Every, Func<double, bool> Silent, string Name, int NavStatus);
}
