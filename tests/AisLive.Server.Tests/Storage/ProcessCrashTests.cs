using AisLive.Server.Storage;
using AisLive.Server.Storage.Journal;
using AisLive.Server.Tests.Infrastructure;
using Npgsql;

namespace AisLive.Server.Tests.Storage;

/// <summary>The real service process killed or terminated mid-stream (SPEC section 6 and 13).</summary>
[Trait(TestCategories.Name, TestCategories.Process)]
public sealed class ProcessCrashTests : IDisposable, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _journal = Path.Combine(Path.GetTempPath(), $"aislive-crash-{Guid.NewGuid():N}");
    private readonly Recording _recording = new();
    private string _database = string.Empty;

    public ProcessCrashTests()
    {
        for (var i = 0; i < 60_000; i++)
        {
            _recording.Position(246000000 + (uint)(i % 300), T0.AddMilliseconds(i * 5), 51 + ((i % 997) * 0.0001), 3);
        }

        _recording.Save();
    }

    [Fact]
    public async Task Sigkill_MidStream_EveryJournaledPositionIsStoredOnceAfterRestart()
    {
        var database = _database;
        using (var first = await ServerProcess.StartAsync(Settings(database, _recording.Path, speed: "20")))
        {
            await WaitForFirstCommitAsync();
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        var journaled = ReadJournal();
        journaled.Count.ShouldBeGreaterThan(0);
        var storedBeforeRestart = await CountAsync(database, "SELECT count(*) FROM positions");
        storedBeforeRestart.ShouldBeLessThan(_recording.Positions.Count); // it really was killed mid-stream

        using var empty = new Recording().Save();
        var restartOutput = string.Empty;
        var leftBehind = Directory.GetFiles(_journal, "*.wal");
        using var drained = WhenDeleted(leftBehind);
        using (var second = await ServerProcess.StartAsync(Settings(database, empty.Path, speed: "0", logLevel: "Information")))
        {
            // The flusher deletes a segment only once everything in it is committed.
            await drained.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await WaitForJournalDrainedAsync(second);
            restartOutput = second.Output;
        }

        var stored = await ReadStoredAsync(database);
        stored.Count.ShouldBe(stored.Distinct().Count());
        journaled.Except(stored).Count().ShouldBe(0, restartOutput);
        stored.Count.ShouldBeGreaterThanOrEqualTo(journaled.Count);
    }

    [Fact]
    public async Task Sigterm_WithChannelsFull_EverythingReceivedLandsBeforeExit()
    {
        var database = _database;
        using (var server = await ServerProcess.StartAsync(Settings(database, _recording.Path, speed: "0")))
        {
            await WaitForFirstCommitAsync();
            server.Terminate();
            await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
            server.ExitCode.ShouldBe(0, server.Output);
        }

        using (var journal = new WriteAheadJournal(_journal))
        {
            journal.BacklogBytes.ShouldBe(0); // everything journaled was committed
        }

        // The replay reads in order, so "nothing received was lost" means the rows are exactly a prefix.
        var stored = await ReadStoredAsync(database);
        stored.Count.ShouldBeGreaterThan(0);
        stored.ShouldBe(_recording.Positions.Take(stored.Count).Select(p => ((int)p.Mmsi.Value, p.At)).ToHashSet(), ignoreOrder: true);
    }

    [Fact]
    public async Task Sigterm_DatabaseNeverReachable_StopsAtOnce_AndTheNextStartStoresEverything()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(_database) { Port = 9, Timeout = 2 }.ConnectionString; // nothing listens there
        using (var server = await ServerProcess.StartAsync(Settings(unreachable, _recording.Path, speed: "0")))
        {
            await WaitForJournalAsync();
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            server.Terminate();
            await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
            server.ExitCode.ShouldBe(0, server.Output);
            stopping.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "it waited for a database that never came (the shutdown timeout is 30 s)");
        }

        var journaled = ReadJournal();
        journaled.Count.ShouldBeGreaterThan(0);
        using var empty = new Recording().Save();
        using var drained = WhenDeleted(Directory.GetFiles(_journal, "*.wal"));
        using (var second = await ServerProcess.StartAsync(Settings(_database, empty.Path, speed: "0")))
        {
            await drained.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await WaitForJournalDrainedAsync(second);
        }

        journaled.Except(await ReadStoredAsync(_database)).Count().ShouldBe(0);
    }

    public async Task InitializeAsync() => _database = await PostgisDatabase.CreateAsync();

    /// <summary>Dropped even when an assertion failed half-way.</summary>
    public Task DisposeAsync() => PostgisDatabase.DropAsync(_database);

    public void Dispose()
    {
        _recording.Dispose();
        if (Directory.Exists(_journal))
        {
            Directory.Delete(_journal, recursive: true);
        }
    }

    private Dictionary<string, string> Settings(string database, string recording, string speed, string logLevel = "Warning") => new()
    {
        ["Logging:LogLevel:AisLive"] = logLevel,
        ["ConnectionStrings:Postgis"] = database,
        ["Auth:SigningKey"] = AisLiveTestServer.SigningKey,
        ["Fleets:SeedPath"] = string.Empty,
        ["Alerts:SeedPath"] = string.Empty,
        ["Places:SeedPath"] = string.Empty,
        ["Ingest:Source"] = "replay",
        ["Replay:Path"] = recording,
        ["Replay:Speed"] = speed,
        ["Replay:Loop"] = "false",
        ["Replay:Rebase"] = "false",
        ["Storage:JournalPath"] = _journal,
        ["Storage:BatchSize"] = "2000",
        ["Storage:JournalFsyncInterval"] = "00:00:00.050",
        ["Pipeline:WriterCapacity"] = "20000",
    };

    /// <summary>The first retire writes the checkpoint file: from then on data is flowing end to end.</summary>
    private async Task WaitForFirstCommitAsync()
    {
        Directory.CreateDirectory(_journal);
        using var watcher = new FileSystemWatcher(_journal, "checkpoint") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Created += (_, _) => written.TrySetResult();
        watcher.Renamed += (_, _) => written.TrySetResult();
        watcher.EnableRaisingEvents = true;
        if (!File.Exists(Path.Combine(_journal, "checkpoint")))
        {
            await written.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>The first segment file appears: the journal holds records.</summary>
    private async Task WaitForJournalAsync()
    {
        Directory.CreateDirectory(_journal);
        using var watcher = new FileSystemWatcher(_journal, "*.wal") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size };
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Created += (_, _) => written.TrySetResult();
        watcher.Changed += (_, _) => written.TrySetResult();
        watcher.EnableRaisingEvents = true;
        if (Directory.GetFiles(_journal, "*.wal").Length == 0)
        {
            await written.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Completes when every one of <paramref name="files"/> has been deleted.</summary>
    private DeletionWatch WhenDeleted(string[] files) => new(_journal, files);

    private sealed class DeletionWatch : IDisposable
    {
        private readonly FileSystemWatcher _watcher;
        private readonly HashSet<string> _pending;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DeletionWatch(string directory, string[] files)
        {
            _pending = files.Select(Path.GetFileName).ToHashSet()!;
            _watcher = new FileSystemWatcher(directory, "*.wal") { NotifyFilter = NotifyFilters.FileName };
            _watcher.Deleted += (_, e) => Check(e.Name);
            _watcher.EnableRaisingEvents = true;
            Check(null);
        }

        public Task Task => _done.Task;

        public void Dispose() => _watcher.Dispose();

        private void Check(string? deleted)
        {
            lock (_pending)
            {
                if (deleted is not null)
                {
                    _pending.Remove(deleted);
                }

                _pending.RemoveWhere(name => !File.Exists(Path.Combine(_watcher.Path, name)));
                if (_pending.Count == 0)
                {
                    _done.TrySetResult();
                }
            }
        }
    }

    /// <summary>With an empty recording the restarted process only replays the journal; SIGTERM then drains it fully.</summary>
    private static async Task WaitForJournalDrainedAsync(ServerProcess server)
    {
        server.Terminate();
        await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
        server.ExitCode.ShouldBe(0, server.Output);
    }

    /// <summary>Every valid position record in the journal's segment files, read directly as a crash left them.</summary>
    private HashSet<(int, DateTimeOffset)> ReadJournal()
    {
        var found = new HashSet<(int, DateTimeOffset)>();
        foreach (var segment in Directory.GetFiles(_journal, "*.wal").Order())
        {
            ReadOnlySpan<byte> bytes = File.ReadAllBytes(segment);
            var records = new StorageBatch();
            while (JournalRecordCodec.TryRead(bytes, records) is var size and > 0)
            {
                bytes = bytes[size..];
            }

            found.UnionWith(records.Positions.Select(row => (row.Mmsi, row.Timestamp)));
        }

        return found;
    }

    private static async Task<HashSet<(int, DateTimeOffset)>> ReadStoredAsync(string database)
    {
        var rows = new HashSet<(int, DateTimeOffset)>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT mmsi, ts FROM positions", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var count = 0;
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1)));
            count++;
        }

        rows.Count.ShouldBe(count); // no duplicate rows
        return rows;
    }

    private static Task<long> CountAsync(string database, string sql) => PostgisDatabase.ScalarAsync<long>(database, sql);
}
