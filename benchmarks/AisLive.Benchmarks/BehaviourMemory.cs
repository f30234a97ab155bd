using AisLive.Server.Alerts;

namespace AisLive.Benchmarks;

/// <summary>
/// Memory the behaviour rules keep, measured as the managed heap's growth (after full collections) while an evaluator
/// learns the world of <see cref="BehaviourEvaluationBenchmarks.World"/>: per vessel known (the neighbour grid) and
/// per watched vessel (its track and episodes). <c>scripts/aislive bench memory</c> prints it.
/// </summary>
public static class BehaviourMemory
{
    public static void Print()
    {
        var (_, fleets, rules, messages) = BehaviourEvaluationBenchmarks.World(20_000, BehaviourEvaluationBenchmarks.Vessels * 3);
        var before = Heap();
        var evaluator = new AlertEvaluator();
        foreach (var message in messages)
        {
            evaluator.Apply(message, fleets, rules);
        }

        var after = Heap();
        Console.WriteLine($"behaviour rules' memory: {BehaviourEvaluationBenchmarks.Vessels:N0} vessels known ({evaluator.PlacedVessels:N0} in the neighbour grid), "
            + $"{evaluator.TrackedVessels:N0} watched, {evaluator.ReceptionCells:N0} reception cells: {(after - before) / 1024.0 / 1024:F1} MiB in all, "
            + $"{(after - before) / (double)BehaviourEvaluationBenchmarks.Vessels:F0} bytes per vessel known");
        GC.KeepAlive(evaluator);
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
