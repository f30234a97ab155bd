using Npgsql;
using NpgsqlTypes;

namespace AisLive.Server.Delivery;

/// <summary>The webhook outbox in PostgreSQL: claiming due deliveries, recording attempts, and reading them back.</summary>
public sealed class DeliveryStore(NpgsqlDataSource dataSource, ChannelSecrets secrets)
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries, the oldest due one of each channel not in
    /// <paramref name="busyChannels"/> (one attempt in flight per channel: a silent endpoint holds one connection, not
    /// dozens). The claim moves <c>next_attempt_at</c> to <paramref name="leaseUntil"/>, so a sender that dies mid-attempt
    /// leaves a delivery that falls due again, and two senders cannot claim the same one (the update re-checks it).
    /// </summary>
    public async Task<List<DueDelivery>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, long[] busyChannels, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH candidates AS (
                SELECT id FROM (
                    SELECT DISTINCT ON (d.channel_id) d.id, d.next_attempt_at
                    FROM webhook_deliveries d JOIN notification_channels c ON c.id = d.channel_id
                    WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND c.disabled_at IS NULL AND NOT (d.channel_id = ANY ($3))
                    ORDER BY d.channel_id, d.next_attempt_at, d.id) oldest
                ORDER BY next_attempt_at LIMIT $4),
            claimed AS (
                UPDATE webhook_deliveries d SET next_attempt_at = $2
                FROM candidates WHERE d.id = candidates.id AND d.status = 'pending' AND d.next_attempt_at <= $1
                RETURNING d.id, d.channel_id, d.alert_id, d.event_seq, d.event_type, d.message_id, d.attempts)
            SELECT cl.id, cl.channel_id, cl.event_type, cl.message_id, cl.attempts, c.url, c.secret, c.format, e.payload::text, e.created_at,
                   a.id, a.severity, a.vessel_name, a.mmsi, a.rule_name, a.lat, a.lon, a.message
            FROM claimed cl
            JOIN notification_channels c ON c.id = cl.channel_id
            JOIN alert_events e ON e.seq = cl.event_seq
            JOIN alerts a ON a.id = cl.alert_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = leaseUntil });
        command.Parameters.Add(new NpgsqlParameter { Value = busyChannels });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<DueDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueDelivery(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), secrets.Unprotect(reader.GetString(5)), secrets.Unprotect(reader.GetString(6)),
                reader.GetString(7), reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetInt64(10), reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12), (uint)reader.GetInt32(13), reader.GetString(14),
                reader.IsDBNull(15) ? null : reader.GetDouble(15), reader.IsDBNull(16) ? null : reader.GetDouble(16), reader.GetString(17)));
        }

        return due;
    }

    /// <summary>
    /// Records an attempt and what follows from it, in one transaction: delivered; retried at <paramref name="retryAt"/>;
    /// failed for good when <paramref name="retryAt"/> is null; or, on 410, the channel disabled with every delivery it still had.
    /// </summary>
    public async Task RecordAsync(DueDelivery delivery, AttemptOutcome outcome, DateTimeOffset at, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        var attempt = delivery.Attempts + 1;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction,
            "INSERT INTO webhook_attempts (delivery_id, attempt, status, status_code, error, at, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            cancellationToken, delivery.Id, attempt, outcome.Delivered ? "delivered" : "failed", outcome.StatusCode, outcome.Error, at, (int)outcome.Duration.TotalMilliseconds);
        var (status, failure) = outcome.Delivered ? ("delivered", null)
            : outcome.Gone ? ("failed", "the endpoint answered 410 Gone: channel disabled")
            : retryAt is null ? ("failed", $"gave up after {attempt} attempts")
            : ("pending", (string?)null);
        await ExecuteAsync(connection, transaction, "UPDATE webhook_deliveries SET attempts = $2, status = $3, failure = $4, next_attempt_at = $5 WHERE id = $1",
            cancellationToken, delivery.Id, attempt, status, failure, retryAt ?? at);
        if (outcome.Gone)
        {
            await ExecuteAsync(connection, transaction, "UPDATE notification_channels SET disabled_at = $2, disabled_reason = $3 WHERE id = $1 AND disabled_at IS NULL",
                cancellationToken, delivery.ChannelId, at, $"{delivery.Url} answered 410 Gone");
            await ExecuteAsync(connection, transaction, "UPDATE webhook_deliveries SET status = 'failed', failure = $2 WHERE channel_id = $1 AND status = 'pending'",
                cancellationToken, delivery.ChannelId, "channel disabled (410 Gone) before this delivery was sent");
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every attempt for an alert's events, then each delivery still waiting (its next attempt) or stopped without one.</summary>
    public async Task<List<DeliveryAttemptView>> ForAlertAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.channel_id, d.event_type, d.message_id, t.attempt, t.status, t.status_code, t.error, t.at, d.id
            FROM webhook_deliveries d JOIN webhook_attempts t ON t.delivery_id = d.id WHERE d.alert_id = $1
            UNION ALL
            SELECT d.channel_id, d.event_type, d.message_id, d.attempts + 1, d.status, NULL, d.failure, d.next_attempt_at, d.id
            FROM webhook_deliveries d WHERE d.alert_id = $1 AND (d.status = 'pending' OR (d.status = 'failed' AND d.failure LIKE 'channel disabled%'))
            ORDER BY 9, 4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = alertId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var attempts = new List<DeliveryAttemptView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attempts.Add(new DeliveryAttemptView(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return attempts;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown } : new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
