using Microsoft.Extensions.Options;
using Npgsql;

namespace AisLive.Server.Delivery;

/// <summary>
/// Hourly (and once after migration), prunes webhook attempts older than <see cref="WebhookOptions.AttemptsRetentionDays"/>,
/// 10,000 at a time. Their deliveries stay (with the alert, until alert retention takes them).
/// </summary>
public sealed partial class AttemptRetentionWorker(
    NpgsqlDataSource dataSource,
    Storage.DatabaseState database,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<AttemptRetentionWorker> logger) : Storage.HourlyMaintenanceWorker(database, time)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => PruneAsync(cancellationToken);

    protected override void Failed(string reason) => Log.Failed(logger, reason);

    /// <summary>Prunes every attempt past retention now; returns how many went.</summary>
    public async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        var before = Time.GetUtcNow().AddDays(-options.Value.AttemptsRetentionDays);
        var total = await DeleteInBatchesAsync(10_000, async (batch, token) =>
        {
            await using var command = dataSource.CreateCommand(
                "DELETE FROM webhook_attempts WHERE (delivery_id, attempt) IN (SELECT delivery_id, attempt FROM webhook_attempts WHERE at < $1 LIMIT $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = before.UtcDateTime, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = batch });
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

        if (total > 0)
        {
            Log.Pruned(logger, total, options.Value.AttemptsRetentionDays);
        }

        return total;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5211, Level = LogLevel.Information, Message = "Pruned {Count} webhook attempts older than {Days} days")]
        public static partial void Pruned(ILogger logger, long count, int days);

        [LoggerMessage(EventId = 5212, Level = LogLevel.Warning, Message = "Webhook attempt retention failed, will retry in an hour: {Error}")]
        public static partial void Failed(ILogger logger, string error);
    }
}
