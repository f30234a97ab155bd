using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Fleets;
using AisLive.Server.Vessels;
using BenchmarkDotNet.Attributes;

namespace AisLive.Benchmarks;

/// <summary>
/// Alert evaluation cost per message with 1,000 geofences (plus a speed rule per fleet) and 10,000 vessels.
/// <see cref="FleetsSharing"/> = 10: ten fleets of 1,000 vessels, 100 geofences each (each message meets 100
/// geofence rules); 1: one fleet holding every vessel and all 1,000 geofences (the worst case).
/// </summary>
[MemoryDiagnoser]
public class AlertEvaluationBenchmarks
{
    private const int Vessels = 10_000;
    private const int Geofences = 1_000;
    private const int Batch = 1_000;
    private readonly AlertEvaluator _evaluator = new();
    private FleetSnapshot _fleets = FleetSnapshot.Empty;
    private RuleSnapshot _rules = RuleSnapshot.Empty;
    private VesselState[] _states = [];
    private int _round;

    [Params(10, 1)]
    public int FleetsSharing { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        var now = DateTimeOffset.UtcNow;
        var perFleet = Vessels / FleetsSharing;
        _fleets = new FleetSnapshot(Enumerable.Range(0, FleetsSharing).Select(f =>
            new Fleet(f + 1, $"fleet {f}", [.. Enumerable.Range(f * perFleet, perFleet).Select(i => 244_000_000u + (uint)i)], [], now)));
        var rules = new List<CompiledRule>();
        for (var g = 0; g < Geofences; g++)
        {
            var lon = 1 + (random.NextDouble() * 4);
            var lat = 51 + (random.NextDouble() * 2);
            var area = new JsonObject { ["type"] = "Polygon", ["coordinates"] = JsonNode.Parse($"[[[{lon},{lat}],[{lon + 0.05},{lat}],[{lon + 0.05},{lat + 0.05}],[{lon},{lat + 0.05}],[{lon},{lat}]]]") };
            rules.Add(Compile(g + 1, (g % FleetsSharing) + 1, RuleKinds.GeofenceEnter, new JsonObject { ["area"] = area }));
        }

        for (var f = 0; f < FleetsSharing; f++)
        {
            rules.Add(Compile(Geofences + f + 1, f + 1, RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 25 }));
        }

        _rules = new RuleSnapshot(rules);
        _states = Enumerable.Range(0, Batch * 10).Select(i => new VesselState
        {
            Mmsi = 244_000_000u + (uint)random.Next(Vessels),
            Lat = 51 + (random.NextDouble() * 2),
            Lon = 1 + (random.NextDouble() * 4),
            Sog = 10 + (random.NextDouble() * 10),
            NavStatus = 0,
            Timestamp = now.AddSeconds(i),
        }).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int EvaluateOneMessage()
    {
        var transitions = 0;
        var start = (_round++ % 10) * Batch;
        for (var i = start; i < start + Batch; i++)
        {
            transitions += _evaluator.Evaluate(_states[i], _fleets, _rules).Count;
        }

        return transitions;
    }

    private static CompiledRule Compile(long id, long fleet, string kind, JsonObject parameters) =>
        RuleCompiler.Compile(new AlertRule(id, $"rule {id}", fleet, kind, "warning", parameters, null, TimeSpan.Zero, DateTimeOffset.UtcNow), 10_000).Rule!;
}
