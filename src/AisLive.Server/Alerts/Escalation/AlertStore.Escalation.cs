using System.Text.Json;
using Npgsql;

namespace AisLive.Server.Alerts;

/// <summary>Escalation: the deadline is stored with the alert when it is raised, so a restart keeps it.</summary>
public sealed partial class AlertStore
{
    /// <summary>
    /// Escalates the most overdue alert that is still open (not acknowledged, not resolved) and not yet escalated:
    /// its escalation recipients join its recipients, and <c>alert-escalated</c> goes to all of them. Once per alert:
    /// the row is locked and re-checked, so two callers cannot both escalate it. Null when none is due.
    /// </summary>
    public async Task<(AlertView Alert, AlertEvent Event)?> EscalateNextDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        AlertView? alert;
        await using (var update = new NpgsqlCommand(
            $"""
            UPDATE alerts SET escalated_at = $1, escalated_to = escalate_to,
                              recipients = recipients || ARRAY(SELECT u FROM unnest(escalate_to) AS u WHERE u <> ALL (recipients))
            WHERE id = (SELECT id FROM alerts
                        WHERE status = 'open' AND escalated_at IS NULL AND escalate_at IS NOT NULL AND escalate_at <= $1
                        ORDER BY escalate_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """,
            connection,
            transaction))
        {
            Add(update, now);
            alert = (await ReadAlertsAsync(update, cancellationToken)).SingleOrDefault();
        }

        if (alert is null)
        {
            return null;
        }

        var after = alert.EscalatedAt!.Value - alert.RaisedAt;
        var reason = $"Not acknowledged within {after:hh\\:mm\\:ss} of being raised";
        var payload = JsonSerializer.Serialize(new AlertEscalatedEvent(alert.Id, alert.EscalatedAt.Value, alert.EscalatedTo ?? [], reason, alert.Mmsi, alert.Severity), JsonSerializerOptions.Web);
        var evt = await AppendEventAsync(connection, transaction, alert, "alert-escalated", payload, alert.Recipients, cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return (alert, evt);
    }
}
