using AisLive.Server.Storage;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Storage;

public sealed class StorageBatchWriterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Write_SameBatchTwiceThenOverlapping_StoresEachRowOnceAndMergesVessels()
    {
        var database = await PostgisDatabase.CreateAsync();
        await using var dataSource = AisLive.Server.Storage.StorageExtensions.CreateDataSource(database);
        await new SchemaMigrator(dataSource).MigrateAsync(CancellationToken.None);
        var writer = new StorageBatchWriter(dataSource);
        var first = Rows(0, 100);
        first.Vessels.Add(new VesselRow(244000050, T0, "FIRST NAME", null, null, 70, null, null, null, null, null, null, null));

        (await writer.WriteAsync(first, CancellationToken.None)).ShouldBe(100);
        (await writer.WriteAsync(first, CancellationToken.None)).ShouldBe(0); // a replayed batch: the fallback path
        var overlapping = Rows(50, 100);
        overlapping.Vessels.Add(new VesselRow(244000050, T0.AddMinutes(1), null, "CALL", null, null, null, null, null, null, "HARWICH", null, null));
        (await writer.WriteAsync(overlapping, CancellationToken.None)).ShouldBe(50);

        (await PostgisDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM positions")).ShouldBe(150);
        (await PostgisDatabase.ScalarAsync<string>(database, "SELECT concat_ws('/', name, callsign, ship_type, destination) FROM vessels WHERE mmsi = 244000050"))
            .ShouldBe("FIRST NAME/CALL/70/HARWICH");
        await PostgisDatabase.DropAsync(database);
    }

    private static StorageBatch Rows(int first, int count)
    {
        var batch = new StorageBatch();
        batch.Positions.AddRange(Enumerable.Range(first, count).Select(i => new PositionRow(244000050, T0.AddSeconds(i), T0.AddSeconds(i), 3, 51 + (i * 0.001), 10, 90, 90, 0, 0, 1)));
        return batch;
    }
}
