using System.Text.Json.Nodes;
using AisLive.Ais;
using AisLive.Server.Alerts;
using AisLive.Server.Fleets;
using AisLive.Server.Pipeline;
using BenchmarkDotNet.Attributes;

namespace AisLive.Benchmarks;

/// <summary>
/// Evaluation cost per message with the world feed's shape (SPEC 9.3, 14): 100,000 vessels known, clustered as
/// shipping is (2,000 hot spots: ports, straits, lanes), an encounter rule and a dark rule on a 5,000-vessel fleet, and
/// every message going through <see cref="AlertEvaluator.Apply"/> as the worker calls it, with the time-driven sweep
/// every 5 s of the feed's clock (as <c>AlertWorker</c> does) counted in. <see cref="MessagesPerSecond"/> sets the feed
/// clock's pace: 300 msgs/s (the world feed today: each vessel every 5.5 minutes) or 20,000 (each every 5 seconds).
/// </summary>
[MemoryDiagnoser]
public class BehaviourEvaluationBenchmarks
{
    public const int Vessels = 100_000;
    public const int FleetVessels = 5_000;
    private const int Batch = 10_000;
    private const int Rounds = 20;
    private AlertEvaluator _evaluator = new();
    private FleetSnapshot _fleets = FleetSnapshot.Empty;
    private RuleSnapshot _rules = RuleSnapshot.Empty;
    private DecodedMessage[] _messages = [];
    private DateTimeOffset _nextSweep;
    private int _round;

    [Params(300, 20_000)]
    public int MessagesPerSecond { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_evaluator, _fleets, _rules, _messages) = World(MessagesPerSecond, Batch * Rounds);
        foreach (var message in _messages.AsSpan(0, Vessels))
        {
            _evaluator.Apply(message, _fleets, _rules); // every vessel known before measuring
        }

        _round = Vessels / Batch;
        _nextSweep = _evaluator.FeedTime.AddSeconds(5);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int EvaluateOneMessage()
    {
        var transitions = 0;
        var start = (_round++ % Rounds) * Batch;
        for (var i = start; i < start + Batch; i++)
        {
            transitions += _evaluator.Apply(_messages[i], _fleets, _rules).Count;
            if (_evaluator.FeedTime >= _nextSweep)
            {
                transitions += _evaluator.SweepBehaviour(_nextSweep, _fleets, _rules).Count;
                _nextSweep = _nextSweep.AddSeconds(5);
            }
        }

        return transitions;
    }

    /// <summary>
    /// The evaluator, fleet, rules and <paramref name="count"/> position reports of 100,000 vessels around 2,000 hot
    /// spots (four in ten within about 2 km of one, as in a port, where a fleet vessel has dozens of neighbours; the rest
    /// within about 30 km), each moving on at 10 kn between its reports, in feed order at <paramref name="rate"/> msgs/s.
    /// </summary>
    public static (AlertEvaluator, FleetSnapshot, RuleSnapshot, DecodedMessage[]) World(int rate, int count)
    {
        var random = new Random(5);
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var spots = Enumerable.Range(0, 2_000).Select(_ => (Lat: -60 + (random.NextDouble() * 120), Lon: -180 + (random.NextDouble() * 360))).ToArray();
        var positions = Enumerable.Range(0, Vessels).Select(i =>
        {
            var spot = spots[random.Next(spots.Length)];
            var spread = random.Next(10) < 4 ? 0.02 : 0.3; // four in ten in port or at anchor (within 2 km), the rest on the lanes around
            return (Lat: spot.Lat + (Gaussian(random) * spread), Lon: spot.Lon + (Gaussian(random) * spread), Course: random.NextDouble() * 2 * Math.PI);
        }).ToArray();
        var fleet = new Fleet(1, "watched", [.. Enumerable.Range(0, FleetVessels).Select(i => Mmsi(i * (Vessels / FleetVessels)))], [], now);
        var fleets = new FleetSnapshot([fleet]);
        var rules = new RuleSnapshot(
        [
            Compile(1, RuleKinds.Encounter, []),
            Compile(2, RuleKinds.Dark, []),
        ]);
        var step = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / rate);
        var messages = new DecodedMessage[count];
        for (var i = 0; i < count; i++)
        {
            var v = i % Vessels;
            var at = now + (step * i);
            ref var p = ref positions[v];
            var meters = 10 * 1852 / 3600.0 * (Vessels / (double)rate); // 10 kn since its last report
            p.Lat = Math.Clamp(p.Lat + (meters * Math.Cos(p.Course) / 111_320), -85, 85);
            p.Lon = ((p.Lon + (meters * Math.Sin(p.Course) / (111_320 * Math.Cos(p.Lat * Math.PI / 180))) + 540) % 360) - 180;
            var message = new AisMessage { MessageType = 1, Mmsi = new Mmsi(Mmsi(v)), Latitude = p.Lat, Longitude = p.Lon, SpeedKnots = 10, CourseDegrees = 90, NavigationStatus = 0 };
            messages[i] = new DecodedMessage(message, at, at, 0);
        }

        return (new AlertEvaluator(), fleets, rules, messages);
    }

    private static uint Mmsi(int index) => 200_000_000u + (uint)index;

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static CompiledRule Compile(long id, string kind, JsonObject parameters) =>
        RuleCompiler.Compile(new AlertRule(id, kind, 1, kind, "warning", parameters, null, TimeSpan.Zero, DateTimeOffset.UtcNow), 10_000).Rule!;
}
