using Npgsql;

namespace AisLive.Server.Alerts;

/// <summary>Prunes resolved alerts (their events, deliveries and attempts go with them) and says how far the log was pruned.</summary>
public sealed class AlertRetentionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Deletes up to <paramref name="batch"/> alerts resolved before <paramref name="before"/>; returns how many went.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, int batch, CancellationToken cancellationToken)
    {
        // One statement: the horizon moves to the last event of what is deleted, in the same transaction.
        await using var command = dataSource.CreateCommand("""
            WITH doomed AS (SELECT id FROM alerts WHERE resolved_at < $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED),
                 horizon AS (UPDATE alert_log_horizon
                             SET pruned_through = GREATEST(pruned_through, coalesce((SELECT max(seq) FROM alert_events WHERE alert_id IN (SELECT id FROM doomed)), 0))
                             WHERE id = 1 RETURNING pruned_through),
                 gone AS (DELETE FROM alerts WHERE id IN (SELECT id FROM doomed) RETURNING id)
            SELECT (SELECT count(*) FROM gone)::integer, (SELECT pruned_through FROM horizon)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = before.UtcDateTime, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = batch });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt32(0);
    }

    /// <summary>The last event sequence that may have been pruned (0: none).</summary>
    public async Task<long> PrunedThroughAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT pruned_through FROM alert_log_horizon WHERE id = 1");
        return await command.ExecuteScalarAsync(cancellationToken) is long seq ? seq : 0;
    }
}
