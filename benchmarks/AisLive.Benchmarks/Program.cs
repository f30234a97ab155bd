using BenchmarkDotNet.Running;

// scripts/aislive bench runs these; any BenchmarkDotNet arguments pass through (e.g. --filter *Nmea*).
if (args is ["--behaviour-memory"])
{
    AisLive.Benchmarks.BehaviourMemory.Print(); // what the behaviour rules keep in memory, per vessel
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(AisLive.Benchmarks.DecodeBenchmarks).Assembly).Run(args);
