using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Fleets;
using AisLive.Server.Vessels;

namespace AisLive.Server.Tests.Alerts;

public sealed class AlertEvaluatorTests
{
    private const uint Vessel = 244000400;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly FleetSnapshot Fleets = new([new Fleet(1, "F", [Vessel], [], T0)]);
    private readonly AlertEvaluator _evaluator = new();

    /// <summary>A node whose term begins before any message (a new leader, a quiet feed) prunes on its first tick: it must not crash.</summary>
    [Fact]
    public void Prune_BeforeAnyMessage_DoesNotThrow()
    {
        var evaluator = new AlertEvaluator();
        Should.NotThrow(() => evaluator.Prune(FleetSnapshot.Empty, RuleSnapshot.Empty, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Speed_NeedsConsecutiveFixesAndHysteresis_OneEpisode()
    {
        var rules = Rules((RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 20, ["hysteresisKnots"] = 2, ["consecutiveFixes"] = 2 }, TimeSpan.Zero));

        var speeds = new[] { 21.0, 19, 21, 22, 25, 19, 21, 17.5, 17.9, 22, 23 };
        var transitions = speeds.Select((sog, i) => _evaluator.Evaluate(State(i, sog: sog), Fleets, rules)).ToList();

        // raised at the 2nd fix in a row above 20 (index 3); 19 and 21 are inside the hysteresis band;
        // resolved at the 2nd fix in a row below 18 (index 8); raised again at index 10.
        transitions.Select(t => t.SingleOrDefault()?.Raised).ShouldBe([null, null, null, true, null, null, null, null, false, null, true]);
    }

    [Fact]
    public void Cooldown_SpacesEpisodesForTheSameVessel()
    {
        var rules = Rules((RuleKinds.NavStatus, new JsonObject { ["statuses"] = new JsonArray(6) }, TimeSpan.FromMinutes(10)));

        var statuses = new[] { (0, 6), (1, 0), (2, 6), (3, 0), (12, 6) }; // (minute, status)
        var raised = statuses.Select(s => _evaluator.Evaluate(State(s.Item1 * 60, status: s.Item2), Fleets, rules).Count(t => t.Raised)).ToList();

        raised.ShouldBe([1, 0, 0, 0, 1]);
    }

    [Fact]
    public void Geofence_FirstSeenInside_IsNotAnEntry_ButACrossingIs()
    {
        var square = new JsonObject { ["type"] = "Polygon", ["coordinates"] = JsonNode.Parse("[[[3,51],[4,51],[4,52],[3,52],[3,51]]]") };
        var rules = Rules((RuleKinds.GeofenceEnter, new JsonObject { ["area"] = square, ["consecutiveFixes"] = 1 }, TimeSpan.Zero));

        var positions = new[] { (3.5, 51.5), (3.6, 51.5), (5.0, 51.5), (3.5, 51.5), (3.4, 51.5), (5.0, 51.5) };
        var transitions = positions.Select((p, i) => _evaluator.Evaluate(State(i, lon: p.Item1, lat: p.Item2), Fleets, rules).SingleOrDefault()?.Raised).ToList();

        transitions.ShouldBe([null, null, null, true, null, false]);
    }

    [Fact]
    public void SignalLost_RaisedOncePastTheLimit_ResolvedWhenHeardAgain()
    {
        var rules = Rules((RuleKinds.SignalLost, new JsonObject { ["minutes"] = 10 }, TimeSpan.Zero));
        _evaluator.Evaluate(State(0), Fleets, rules);

        _evaluator.SweepSignalLost(T0.AddMinutes(9), Fleets, rules).ShouldBeEmpty();
        _evaluator.SweepSignalLost(T0.AddMinutes(11), Fleets, rules).Single().Raised.ShouldBeTrue();
        _evaluator.SweepSignalLost(T0.AddMinutes(15), Fleets, rules).ShouldBeEmpty(); // one alert per episode
        _evaluator.Evaluate(State(16 * 60), Fleets, rules).Single().Raised.ShouldBeFalse();
    }

    [Fact]
    public void SignalLost_AfterTheServiceWasDown_CountsOnlyTheTimeSinceItListensAgain()
    {
        var rules = Rules((RuleKinds.SignalLost, new JsonObject { ["minutes"] = 10 }, TimeSpan.Zero));
        _evaluator.Evaluate(State(0), Fleets, rules); // last heard at T0, then three hours of nothing: the service was down

        _evaluator.AdvanceFeedTime(T0.AddHours(3)); // the feed is back (another vessel reported)

        _evaluator.SweepSignalLost(T0.AddHours(3).AddMinutes(1), Fleets, rules).ShouldBeEmpty(); // not "silent for 3 h"
        var raised = _evaluator.SweepSignalLost(T0.AddHours(3).AddMinutes(11), Fleets, rules).Single();
        raised.Raised.ShouldBeTrue();
        raised.Value!.Value.ShouldBe(11, 0.01); // minutes of silence while listening
    }

    [Fact]
    public void Evaluate_VesselInNoFleetWithRules_DoesNothing()
    {
        var rules = Rules((RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 1, ["consecutiveFixes"] = 1 }, TimeSpan.Zero));

        _evaluator.Evaluate(State(0, sog: 30) with { Mmsi = 244999000 }, Fleets, rules).ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_VesselInNoFleet_IsNotTracked()
    {
        var rules = Rules((RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 1 }, TimeSpan.Zero));

        for (var i = 0; i < 1_000; i++)
        {
            _evaluator.Evaluate(State(i) with { Mmsi = 245_000_000 + (uint)i }, Fleets, rules);
        }

        _evaluator.TrackedVessels.ShouldBe(0); // the feed's history is not the evaluator's memory
        _evaluator.FeedTime.ShouldBe(T0.AddSeconds(999)); // but the feed's clock moved on
    }

    [Fact]
    public void Prune_VesselLeftItsFleet_ResolvesItsOpenEpisode_AndForgetsIt()
    {
        var rules = Rules((RuleKinds.NavStatus, new JsonObject { ["statuses"] = new JsonArray(6) }, TimeSpan.Zero));
        _evaluator.Evaluate(State(0, status: 6), Fleets, rules).Single().Raised.ShouldBeTrue();
        var emptyFleet = new FleetSnapshot([new Fleet(1, "F", [], [], T0)]);

        var transitions = _evaluator.Prune(emptyFleet, rules, T0.AddMinutes(1));

        transitions.Single().Raised.ShouldBeFalse();
        transitions.Single().EvidenceAt.ShouldBe(T0.AddMinutes(1));
        _evaluator.TrackedVessels.ShouldBe(0);
        _evaluator.Prune(emptyFleet, rules, T0.AddMinutes(2)).ShouldBeEmpty(); // resolved once
    }

    [Fact]
    public void Prune_RuleDeleted_ResolvesItsOpenEpisodes()
    {
        var rules = Rules((RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 20, ["consecutiveFixes"] = 1 }, TimeSpan.Zero));
        _evaluator.Evaluate(State(0, sog: 25), Fleets, rules).Single().Raised.ShouldBeTrue();

        var transitions = _evaluator.Prune(Fleets, RuleSnapshot.Empty, T0.AddMinutes(1));

        transitions.Single().Raised.ShouldBeFalse();
        transitions.Single().Message.ShouldContain("no longer applies");
    }

    [Fact]
    public void Restore_OpenEpisode_HoldingConditionRaisesNothing_EndResolvesIt()
    {
        var rules = Rules((RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 20, ["consecutiveFixes"] = 2 }, TimeSpan.Zero));
        var seed = EvaluatorSeed.Empty with
        {
            OpenAlerts = [new EvaluatorSeed.OpenAlert(1, Vessel, RuleKinds.SpeedAbove, T0.AddSeconds(10))],
            RecentFixes = [State(0, sog: 25), State(10, sog: 25)], // the fixes that raised it, replayed
        };

        _evaluator.Restore(seed, Fleets, rules).ShouldBeEmpty();
        _evaluator.Evaluate(State(20, sog: 26), Fleets, rules).ShouldBeEmpty(); // still speeding: no second alert
        _evaluator.Evaluate(State(30, sog: 5), Fleets, rules).ShouldBeEmpty();
        _evaluator.Evaluate(State(40, sog: 5), Fleets, rules).Single().Raised.ShouldBeFalse();
    }

    [Fact]
    public void Restore_CrossingConfirmedAcrossTheRestart_IsRaised()
    {
        var square = new JsonObject { ["type"] = "Polygon", ["coordinates"] = JsonNode.Parse("[[[3,51],[4,51],[4,52],[3,52],[3,51]]]") };
        var rules = Rules((RuleKinds.GeofenceEnter, new JsonObject { ["area"] = square, ["consecutiveFixes"] = 2 }, TimeSpan.Zero));
        var seed = EvaluatorSeed.Empty with { RecentFixes = [State(0, lon: 5), State(10, lon: 3.5)] }; // outside, then the first fix inside

        _evaluator.Restore(seed, Fleets, rules).ShouldBeEmpty();
        _evaluator.Evaluate(State(20, lon: 3.6), Fleets, rules).Single().Raised.ShouldBeTrue(); // the second fix inside, after the restart
    }

    private static RuleSnapshot Rules(params (string Kind, JsonObject Parameters, TimeSpan Cooldown)[] rules) =>
        new(rules.Select((r, i) => RuleCompiler.Compile(new AlertRule(i + 1, "rule " + i, 1, r.Kind, "warning", r.Parameters, null, r.Cooldown, T0), 10_000).Rule!));

    private static VesselState State(int seconds, double sog = 10, int status = 0, double lon = 3.5, double lat = 51.5) => new()
    {
        Mmsi = Vessel,
        Lat = lat,
        Lon = lon,
        Sog = sog,
        NavStatus = status,
        Timestamp = T0.AddSeconds(seconds),
        Name = "TEST",
    };
}
