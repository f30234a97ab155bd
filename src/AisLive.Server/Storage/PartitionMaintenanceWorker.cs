using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AisLive.Server.Storage;

/// <summary>
/// Keeps daily partitions of <c>positions</c> ahead of time (yesterday to three days on) and drops those older
/// than <see cref="StorageOptions.RetentionDays"/>. Runs after migration and then hourly.
/// </summary>
public sealed partial class PartitionMaintenanceWorker(
    NpgsqlDataSource dataSource,
    DatabaseState database,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<PartitionMaintenanceWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitForMigrationAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await MaintainAsync(stoppingToken);
            }
            catch (NpgsqlException ex)
            {
                Log.Failed(logger, ex.Message); // the next tick tries again; an outage is the flusher's business
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<IReadOnlyList<string>> MaintainAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var ensure = new NpgsqlCommand("SELECT ensure_position_partitions($1, 5)", connection))
        {
            ensure.Parameters.Add(new NpgsqlParameter { Value = today.AddDays(-1) });
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        var oldest = today.AddDays(-options.Value.RetentionDays);
        var expired = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename ~ '^positions_[0-9]{8}$'", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                if (DateOnly.TryParseExact(name["positions_".Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day < oldest)
                {
                    expired.Add(name);
                }
            }
        }

        foreach (var name in expired)
        {
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS \"{name}\"", connection);
            await drop.ExecuteNonQueryAsync(cancellationToken);
            Log.Dropped(logger, name);
        }

        return expired;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Dropped expired partition {Partition}")]
        public static partial void Dropped(ILogger logger, string partition);

        [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "Partition maintenance failed, will retry: {Error}")]
        public static partial void Failed(ILogger logger, string error);
    }
}
