using BenchmarkDotNet.Running;

// scripts/aislive bench runs these; any BenchmarkDotNet arguments pass through (e.g. --filter *Nmea*).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
