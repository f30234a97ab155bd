namespace AisLive.Server.Storage;

/// <summary>
/// Migrates the schema at start, retrying until the database answers, so the service can come up (and
/// stream live positions) before PostgreSQL does; readiness stays false until this succeeds.
/// </summary>
public sealed partial class MigrationWorker(SchemaMigrator migrator, DatabaseState database, DatabaseRetry retry, ILogger<MigrationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var applied = await retry.For("Migrating the schema").ExecuteAsync(async token => await migrator.MigrateAsync(token), stoppingToken);
        database.MarkMigrated();
        Log.Migrated(logger, applied);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Database schema is current ({Applied} migrations applied now)")]
        public static partial void Migrated(ILogger logger, int applied);
    }
}
