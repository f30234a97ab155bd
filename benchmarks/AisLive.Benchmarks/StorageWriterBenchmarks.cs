using AisLive.Server.Storage;
using BenchmarkDotNet.Attributes;
using Npgsql;

namespace AisLive.Benchmarks;

/// <summary>
/// The PostGIS writer alone: one batch per operation into the real, indexed, day-partitioned
/// <c>positions</c> table (binary COPY into staging + INSERT ... ON CONFLICT DO NOTHING), reported per row.
/// Needs the private cluster (<c>scripts/aislive bench</c> starts it; AISLIVE_BENCH_PG overrides).
/// Target (SPEC section 13): >= 100,000 positions/s.
/// </summary>
[MemoryDiagnoser]
public class StorageWriterBenchmarks
{
    private NpgsqlDataSource? _dataSource;
    private StorageBatchWriter? _writer;
    private string _database = string.Empty;
    private string _admin = string.Empty;
    private StorageBatch _batch = new();
    private long _next;

    [Params(1_000, 5_000, 20_000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var builder = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("AISLIVE_BENCH_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=aislive");
        _database = $"aislive_bench_{Environment.ProcessId}";
        _admin = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres" }.ConnectionString;
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        await ExecuteAsync(_admin, $"CREATE DATABASE {_database}");
        builder.Database = _database;
        _dataSource = AisLive.Server.Storage.StorageExtensions.CreateDataSource(builder.ConnectionString);
        await new SchemaMigrator(_dataSource).MigrateAsync(CancellationToken.None);
        _writer = new StorageBatchWriter(_dataSource);
        _batch = new StorageBatch(BatchSize);
    }

    [IterationSetup]
    public void NextBatch()
    {
        // Fresh (mmsi, ts) keys each time, within today's partition, spread over 10,000 vessels in the North Sea.
        _batch.Clear();
        var start = DateTimeOffset.UtcNow.Date;
        for (var i = 0; i < BatchSize; i++, _next++)
        {
            _batch.Positions.Add(new PositionRow(
                (int)(244_000_000 + (_next % 10_000)), new DateTimeOffset(start, TimeSpan.Zero).AddMilliseconds(_next), DateTimeOffset.UtcNow,
                2 + ((_next * 7 % 5000) / 1000.0), 51 + ((_next * 13 % 3000) / 1000.0), 12.5f, 90f, 90, 0, 0, 1));
        }
    }

    [Benchmark]
    public Task<int> WriteBatch() => _writer!.WriteAsync(_batch, CancellationToken.None);

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
