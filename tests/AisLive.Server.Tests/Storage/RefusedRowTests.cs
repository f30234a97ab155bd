using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Storage;
using AisLive.Server.Storage.Journal;
using AisLive.Server.Tests.Alerts;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Storage;

/// <summary>
/// SPEC 5.1: a row the database refuses for its content is the row's fault, not an outage. The poison here is the
/// one that stopped all storage for good before: a NUL in a ship's name (PostgreSQL: 22021), in a journal written
/// before decoding cleaned text (what an upgrade finds on disk).
/// </summary>
public sealed class RefusedRowTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600);

    [Fact]
    public async Task Journal_WithARowTheDatabaseRefuses_StoresEveryOtherRow_KeepsItAside_AndNeverReplaysIt()
    {
        var journalPath = Path.Combine(Path.GetTempPath(), $"aislive-journal-{Guid.NewGuid():N}");
        using (var journal = new WriteAheadJournal(journalPath))
        {
            var batch = new StorageBatch();
            for (var i = 0; i < 100; i++)
            {
                batch.Positions.Add(new PositionRow(246000000 + (i % 10), T0.AddSeconds(i), T0.AddSeconds(i), 3.1, 51.5, 10, 90, 90, 0, 0, 1));
            }

            batch.Vessels.Add(new VesselRow(246000003, T0, "BAD\u0000NAME", "PD1234", null, 70, null, null, null, null, null, null, null));
            batch.Vessels.Add(new VesselRow(246000004, T0, "GOOD NAME", "PD4321", null, 70, null, null, null, null, null, null, null));
            journal.Append(batch);
            journal.Complete();
        }

        using var later = new Recording().Position(246000099, T0.AddMinutes(5), 51.6, 3.2).Position(246000099, T0.AddMinutes(6), 51.7, 3.2).Save();
        var database = await PostgisDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Storage:JournalPath"] = journalPath };
#pragma warning disable CA2000 // the first server is stopped and disposed by the test itself, before the second starts on the same database
        var first = await AlertScenario.StartOnAsync(database, later.Path, time: null, settings);
#pragma warning restore CA2000
        await first.WaitForReplayStoredAsync();

        // Every other row of the poisoned batch, and what came after it, is stored; the database was never "down".
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM positions WHERE mmsi BETWEEN 246000000 AND 246000009")).ShouldBe(100);
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM positions WHERE mmsi = 246000099")).ShouldBe(2);
        (await PostgisDatabase.ScalarAsync<string>(database, "SELECT name FROM vessels WHERE mmsi = 246000004")).ShouldBe("GOOD NAME");
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM vessels WHERE mmsi = 246000003")).ShouldBe(0);
        (await PostgisDatabase.ScalarAsync<string>(database, "SELECT stage || ' ' || source || ' ' || reason FROM rejected_messages WHERE mmsi = 246000003"))
            .ShouldStartWith("storage journal 22021");
        first.Service<DatabaseState>().IsReachable.ShouldBeTrue();
        first.Service<StorageMetrics>().RowsRefusedCount.ShouldBe(1);
        var rejected = await first.Http.GetFromJsonAsync<JsonNode>("/api/rejected?since=" + Uri.EscapeDataString(T0.AddDays(-1).ToString("O")));
        var item = rejected!["items"]!.AsArray().Single()!;
        item["raw"]!.GetValue<string>().ShouldContain("BAD\\u0000NAME");
        await first.StopAsync();
        await first.App.DisposeAsync();

        // The refused row was retired with its batch: a restart replays nothing and refuses nothing.
        using var nothingNew = new Recording().Save();
        await using var second = await AlertScenario.StartOnAsync(database, nothingNew.Path, time: null, settings);
        await second.WaitForReplayStoredAsync();
        second.Service<StorageMetrics>().RowsRefusedCount.ShouldBe(0);
        second.Service<WriteAheadJournal>().RecoveredBacklogBytes.ShouldBe(0);
        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM rejected_messages")).ShouldBe(1);
    }
}
