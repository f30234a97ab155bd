using Microsoft.Extensions.Options;

namespace AisLive.Server.Storage;

/// <summary>
/// Migrates the schema at start, retrying until the database answers, so the service can come up (and
/// stream live positions) before PostgreSQL does; readiness stays false until this succeeds.
/// </summary>
public sealed partial class MigrationWorker(SchemaMigrator migrator, DatabaseState database, IOptions<StorageOptions> options, TimeProvider time, ILogger<MigrationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var applied = await migrator.MigrateAsync(stoppingToken);
                database.MarkMigrated();
                Log.Migrated(logger, applied);
                return;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                database.IsReachable = false;
                database.LastError = ex.Message;
                Log.MigrationFailed(logger, attempt, ex.Message);
                await Task.Delay(options.Value.RetryInterval, time, stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Database schema is current ({Applied} migrations applied now)")]
        public static partial void Migrated(ILogger logger, int applied);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Database not ready (attempt {Attempt}), retrying: {Error}")]
        public static partial void MigrationFailed(ILogger logger, int attempt, string error);
    }
}
