using System.Text.Json;
using AisLive.Server.Storage;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Fleets;

/// <summary>After migration: seeds the demo fleets into an empty database (when configured), then loads the directory.</summary>
public sealed partial class FleetLoaderWorker(
    FleetService fleets,
    FleetStore store,
    DatabaseState database,
    DatabaseRetry retry,
    Npgsql.NpgsqlDataSource dataSource,
    IOptions<FleetOptions> options,
    ILogger<FleetLoaderWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitForMigrationAsync(stoppingToken);
        await retry.For("Loading fleets").ExecuteAsync(
            async token =>
            {
                await SeedAsync(token);
                await fleets.LoadAsync(token);
            },
            stoppingToken);
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.SeedPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        await using var seeding = await SeedLock.AcquireAsync(dataSource, 7403173, cancellationToken); // one node of a cluster seeds
        if ((await store.LoadAllAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        var seed = JsonSerializer.Deserialize<List<FleetRequest>>(await File.ReadAllTextAsync(path, cancellationToken), JsonSerializerOptions.Web) ?? [];
        foreach (var request in seed)
        {
            if (fleets.Validate(request).FirstOrDefault() is { } problem)
            {
                throw new InvalidDataException($"Fleets:SeedPath {path}: fleet '{request.Name}': {problem}");
            }

            await store.CreateAsync(request.Name!, request.Vessels ?? [], request.Members ?? [], cancellationToken);
        }

        Log.Seeded(logger, seed.Count, path);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Seeded {Count} fleets from {Path}")]
        public static partial void Seeded(ILogger logger, int count, string path);

    }
}
