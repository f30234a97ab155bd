using AisLive.Server.Storage;

namespace AisLive.Server.Alerts;

/// <summary>Loads and compiles the rules once the schema is migrated, retrying while the database is away.</summary>
public sealed class RuleLoaderWorker(RuleBook book, DatabaseState database, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitForMigrationAsync(stoppingToken);
        while (true)
        {
            try
            {
                await book.ReloadAsync(stoppingToken);
                return;
            }
            catch (Npgsql.NpgsqlException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }
}
