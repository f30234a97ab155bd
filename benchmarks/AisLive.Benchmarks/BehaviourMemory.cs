using AisLive.Server.Alerts;
using AisLive.Server.Fleets;
using AisLive.Server.Pipeline;

namespace AisLive.Benchmarks;

/// <summary>
/// Memory the behaviour rules keep, measured as the managed heap's growth (after full collections) while an evaluator
/// learns the world of <see cref="BehaviourEvaluationBenchmarks.World"/>: once with the fleet watched, once with an empty
/// fleet (the neighbour grid and the reception map alone, which every vessel heard costs); the difference is what the
/// watched vessels cost. <c>scripts/aislive bench memory</c> prints it.
/// </summary>
public static class BehaviourMemory
{
    public static void Print()
    {
        var (_, fleets, rules, messages) = BehaviourEvaluationBenchmarks.World(20_000, BehaviourEvaluationBenchmarks.Vessels * 3);
        var (all, evaluator) = Learn(messages, fleets, rules);
        var (known, _) = Learn(messages, new FleetSnapshot([new Fleet(1, "watched", [], [], DateTimeOffset.UnixEpoch)]), rules);
        var watched = all - known;
        Console.WriteLine($"{BehaviourEvaluationBenchmarks.Vessels:N0} vessels known ({evaluator.PlacedVessels:N0} in the neighbour grid, {evaluator.ReceptionCells:N0} reception cells), "
            + $"{evaluator.TrackedVessels:N0} watched by an encounter and a dark rule: {all / 1048576.0:F1} MiB in all; "
            + $"{known / (double)BehaviourEvaluationBenchmarks.Vessels:F0} bytes per vessel known, {watched / (double)evaluator.TrackedVessels:F0} more per watched vessel");
    }

    private static (long Bytes, AlertEvaluator Evaluator) Learn(DecodedMessage[] messages, FleetSnapshot fleets, RuleSnapshot rules)
    {
        var before = Heap();
        var evaluator = new AlertEvaluator();
        foreach (var message in messages)
        {
            evaluator.Apply(message, fleets, rules);
        }

        var after = Heap();
        GC.KeepAlive(messages); // held throughout, so that its release does not count as savings
        return (after - before, evaluator);
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
