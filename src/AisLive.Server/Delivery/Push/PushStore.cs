using Npgsql;
using NpgsqlTypes;

namespace AisLive.Server.Delivery;

/// <summary>A push waiting to be sent: where, what, and how long it is worth keeping.</summary>
public sealed record DuePush(long Id, long? SubscriptionId, string Endpoint, string P256dh, string Auth, long AlertId, string EventType, int Attempts,
    string Severity, string Message, string RuleName, uint Mmsi, string? VesselName, string? State, DateTimeOffset? EscalateAt, string Payload, string UserId, long FleetId);

/// <summary>Push subscriptions, the push outbox and its attempts, in PostgreSQL.</summary>
public sealed class PushStore(NpgsqlDataSource dataSource)
{
    /// <summary>The events a phone is told of: each one replaces the last on the lock screen (same Topic).</summary>
    public static readonly string[] Events = ["alert", "alert-escalated", "alert-returned", "alert-unshelved", "alert-acknowledged", "alert-resolved"];

    public async Task<PushSubscriptionView> SubscribeAsync(string user, string endpoint, string p256dh, string auth, string minSeverity, CancellationToken cancellationToken)
    {
        // A browser re-subscribing (new keys, or another user signed in on it) replaces what it had.
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, min_severity) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, min_severity = EXCLUDED.min_severity
            RETURNING id, endpoint, min_severity, created_at
            """);
        Add(command, user, endpoint, p256dh, auth, minSeverity);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PushSubscriptionView(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>Removes the caller's subscription for <paramref name="endpoint"/>; false when there was none of theirs.</summary>
    public async Task<bool> UnsubscribeAsync(string user, string endpoint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2");
        Add(command, user, endpoint);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The outbox: one push per subscription of each recipient, above its severity threshold, in the event's transaction.</summary>
    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long alertId, long seq, string type, string severity, IReadOnlyList<string> recipients, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO push_deliveries (subscription_id, endpoint_host, alert_id, event_seq, event_type, next_attempt_at)
            SELECT s.id, substring(s.endpoint from '^[a-z]+://([^/:]+)'), $1, $2, $3, $6
            FROM push_subscriptions s
            WHERE s.user_id = ANY ($5)
              AND array_position(ARRAY['info', 'warning', 'critical'], $4) >= array_position(ARRAY['info', 'warning', 'critical'], s.min_severity)
            ON CONFLICT DO NOTHING
            """,
            connection,
            transaction);
        Add(command, alertId, seq, type, severity, recipients.ToArray(), now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Claims up to <paramref name="limit"/> due pushes (a lease until <paramref name="leaseUntil"/>: a sender that dies leaves them due again).</summary>
    public async Task<List<DuePush>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH due AS (
                SELECT id FROM push_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 AND subscription_id IS NOT NULL
                ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED),
            claimed AS (UPDATE push_deliveries d SET next_attempt_at = $2 FROM due WHERE d.id = due.id RETURNING d.*)
            SELECT c.id, c.subscription_id, s.endpoint, s.p256dh, s.auth, c.alert_id, c.event_type, c.attempts,
                   a.severity, a.message, a.rule_name, a.mmsi, a.vessel_name, a.state, a.escalate_at, e.payload::text, s.user_id, a.fleet_id
            FROM claimed c JOIN push_subscriptions s ON s.id = c.subscription_id JOIN alerts a ON a.id = c.alert_id JOIN alert_events e ON e.seq = c.event_seq
            ORDER BY c.id
            """);
        Add(command, now, leaseUntil, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<DuePush>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DuePush(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5),
                reader.GetString(6), reader.GetInt32(7), reader.GetString(8), reader.GetString(9), reader.GetString(10), (uint)reader.GetInt32(11),
                reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14), reader.GetString(15), reader.GetString(16), reader.GetInt64(17)));
        }

        return due;
    }

    /// <summary>
    /// Records one attempt: delivered, failed (retried at <paramref name="retryAt"/>, or given up when null) or gone (the
    /// push service no longer knows the subscription: it is deleted, and so are its other pending pushes' chances).
    /// </summary>
    public async Task RecordAsync(DuePush push, string status, int? statusCode, string? error, DateTimeOffset at, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var attempt = push.Attempts + 1;
        await using (var insert = new NpgsqlCommand("INSERT INTO push_attempts (delivery_id, attempt, status, status_code, error, at) VALUES ($1, $2, $3, $4::integer, $5::text, $6)", connection, transaction))
        {
            Add(insert, push.Id, attempt, status, statusCode, error, at);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var next = status == "failed" && retryAt is not null ? "pending" : status;
        await using (var update = new NpgsqlCommand("UPDATE push_deliveries SET status = $2, attempts = $3, next_attempt_at = coalesce($4::timestamptz, next_attempt_at) WHERE id = $1", connection, transaction))
        {
            Add(update, push.Id, next, attempt, retryAt);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (status == "gone")
        {
            await using var delete = new NpgsqlCommand("DELETE FROM push_subscriptions WHERE id = $1", connection, transaction);
            Add(delete, push.SubscriptionId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every push attempt for an alert, and each push still waiting, as the deliveries endpoint lists them (<c>channel: "push"</c>).</summary>
    public async Task<List<DeliveryAttemptView>> ForAlertAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.event_type, 'push_' || d.id, t.attempt, t.status, t.status_code, t.error, t.at, d.endpoint_host, d.id
            FROM push_deliveries d JOIN push_attempts t ON t.delivery_id = d.id WHERE d.alert_id = $1
            UNION ALL
            SELECT d.event_type, 'push_' || d.id, d.attempts + 1, 'pending', NULL, NULL, d.next_attempt_at, d.endpoint_host, d.id
            FROM push_deliveries d WHERE d.alert_id = $1 AND d.status = 'pending'
            ORDER BY 9, 3
            """);
        Add(command, alertId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var attempts = new List<DeliveryAttemptView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attempts.Add(new DeliveryAttemptView(0, reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6))
            {
                Channel = "push",
                Target = reader.GetString(7),
            });
        }

        return attempts;
    }

    private static void Add(NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown } : new NpgsqlParameter { Value = value });
        }
    }
}
