using AisLive.Server.Alerts;
using AisLive.Server.Streaming;
using Npgsql;

namespace AisLive.Server.Delivery;

/// <summary>
/// The webhook outbox: for each alert event, one pending delivery per enabled channel of the alert's fleet that
/// wants that event at that severity, written in the event's own transaction (see <see cref="IAlertEventOutbox"/>).
/// The delivery's <c>webhook-id</c> is fixed here, so every retry carries the same one and receivers can de-duplicate.
/// </summary>
public sealed class WebhookOutbox(TimeProvider time) : IAlertEventOutbox
{

    /// <summary>Rings when deliveries were committed, so the dispatcher sends them without waiting for its next poll.</summary>
    public Doorbell Doorbell { get; } = new();

    public async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AlertEvent evt, AlertView alert, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO webhook_deliveries (channel_id, alert_id, event_seq, event_type, message_id, next_attempt_at)
            SELECT c.id, $1, $2, $3, 'msg_' || $2 || '_' || c.id, $6
            FROM notification_channels c
            WHERE c.fleet_id = $4 AND c.disabled_at IS NULL AND $3 = ANY (c.events)
              AND array_position(ARRAY['info', 'warning', 'critical'], $5) >= array_position(ARRAY['info', 'warning', 'critical'], c.min_severity)
            """,
            connection,
            transaction);
        foreach (var value in new object[] { alert.Id, evt.Seq, evt.Type, alert.FleetId, alert.Severity, time.GetUtcNow() })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Committed() => Ring();

    /// <summary>Wakes the dispatcher: deliveries were committed, or one finished and its channel may send the next.</summary>
    public void Ring() => Doorbell.Ring();
}
