using BenchmarkDotNet.Running;

// scripts/aislive bench runs these; any BenchmarkDotNet arguments pass through (e.g. --filter *Nmea*).
BenchmarkSwitcher.FromAssembly(typeof(AisLive.Benchmarks.DecodeBenchmarks).Assembly).Run(args);
