using System.Globalization;
using AisLive.Server.Pipeline;
using AisLive.Server.Storage.Quarantine;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AisLive.Server.Storage;

/// <summary>
/// Keeps daily partitions of <c>positions</c> ahead of time, from as far back as the pipeline accepts a report
/// (<see cref="PipelineOptions.MaxAge"/>, within the retention and <see cref="MaxDaysBack"/>) to three days on, and drops those older than
/// <see cref="StorageOptions.RetentionDays"/>. Rows in the default partition (days whose partition could not be made
/// because rows were there first) are pruned by the same rule, and so are kept-aside rejected messages. Runs after
/// migration and then hourly.
/// </summary>
public sealed partial class PartitionMaintenanceWorker(
    NpgsqlDataSource dataSource,
    DatabaseState database,
    RejectedMessageStore rejected,
    IOptions<StorageOptions> options,
    IOptions<PipelineOptions> pipeline,
    TimeProvider time,
    ILogger<PartitionMaintenanceWorker> logger) : HourlyMaintenanceWorker(database, time)
{
    /// <summary>
    /// Partitions are made at most this far back ahead of need (the default <see cref="PipelineOptions.MaxAge"/> is 7
    /// days): a longer MaxAge lets older reports in, and those land in the default partition, pruned by retention too.
    /// </summary>
    public const int MaxDaysBack = 7;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => MaintainAsync(cancellationToken);

    protected override void Failed(string reason) => Log.Failed(logger, reason);

    public async Task<IReadOnlyList<string>> MaintainAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
        var retention = options.Value.RetentionDays;
        var back = Math.Min((int)Math.Ceiling(pipeline.Value.MaxAge.TotalDays), Math.Min(retention, MaxDaysBack));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var ensure = new NpgsqlCommand("SELECT ensure_position_partitions($1, $2)", connection))
        {
            ensure.Parameters.Add(new NpgsqlParameter { Value = today.AddDays(-back) });
            ensure.Parameters.Add(new NpgsqlParameter { Value = back + 4 });
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        var oldest = today.AddDays(-retention);
        var cutoff = new DateTimeOffset(oldest.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        long prunedDefault;
        await using (var prune = new NpgsqlCommand("DELETE FROM positions_default WHERE ts < $1", connection))
        {
            prune.Parameters.Add(new NpgsqlParameter { Value = cutoff.UtcDateTime, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            prunedDefault = await prune.ExecuteNonQueryAsync(cancellationToken);
        }

        if (prunedDefault > 0)
        {
            Log.PrunedDefault(logger, prunedDefault);
        }

        await rejected.PruneAsync(cutoff, cancellationToken);
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

        [LoggerMessage(EventId = 3403, Level = LogLevel.Information, Message = "Pruned {Count} expired rows from the default partition")]
        public static partial void PrunedDefault(ILogger logger, long count);

        [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "Partition maintenance failed, will retry: {Error}")]
        public static partial void Failed(ILogger logger, string error);
    }
}
