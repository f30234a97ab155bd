using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace AisLive.Server.Alerts;

/// <summary>
/// Alerts and their event log in PostgreSQL. Every state change writes the alert row and its event row in one
/// transaction, so the log the stream replays never disagrees with the alerts it describes.
/// </summary>
public sealed partial class AlertStore(NpgsqlDataSource dataSource, IEnumerable<IAlertEventOutbox>? outboxes = null)
{
    private const string Columns = """
        id, rule_id, rule_name, kind, severity, mmsi, vessel_name, fleet_id, message, lat, lon, value, threshold, evidence_at,
        raised_at, status, acknowledged_by, acknowledged_at, ack_note, resolved_at, recipients, escalated_at, escalated_to,
        evidence::text, other_mmsi, other_name, state, shelved_until, shelved_by, shelve_reason
        """;

    private readonly IAlertEventOutbox[] _outboxes = outboxes?.ToArray() ?? [];

    /// <summary>
    /// Opens an episode: the alert and its event in one transaction. Returns null, writing nothing, when the
    /// (rule, vessel) already has an open alert (the database allows one) or an alert raised on the same or
    /// newer evidence (a transition replayed after a restart): raising is idempotent. Nothing is written either while
    /// the vessel is out of service in the rule's fleet; while the rule and vessel are shelved the alert is written
    /// shelved, with no event: recorded, not notified (<see cref="UnshelveExpiredAsync"/> tells of it at expiry).
    /// </summary>
    public async Task<(AlertView Alert, AlertEvent? Event)?> RaiseAsync(AlertTransition transition, IReadOnlyList<string> recipients, DateTimeOffset raisedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await InCurrentTermAsync(connection, transaction, transition.Term, cancellationToken))
        {
            return null;
        }

        AlertView? alert;
        await using (var insert = new NpgsqlCommand(
            $"""
            INSERT INTO alerts (rule_id, rule_name, kind, severity, fleet_id, mmsi, vessel_name, message, lat, lon, value, threshold, evidence_at, raised_at, recipients,
                                escalate_at, escalate_to, evidence, other_mmsi, other_name, shelved_until, shelved_by, shelve_reason)
            SELECT $1, $2, $3, $4, $5, $6, $7::text, $8, $9::float8, $10::float8, $11::float8, $12::float8, $13, $14, $15, $16::timestamptz, $17::text[],
                   $18::jsonb, $19::integer, $20::text, s.until, s.shelved_by, s.reason
            FROM (SELECT 1) AS one LEFT JOIN alert_shelves s ON s.rule_id = $1 AND s.mmsi = $6 AND s.until > $14
            WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE rule_id = $1 AND mmsi = $6 AND coalesce(other_mmsi, 0) = coalesce($19::integer, 0) AND evidence_at >= $13)
              AND NOT EXISTS (SELECT 1 FROM vessel_out_of_service o WHERE o.fleet_id = $5 AND o.mmsi = $6 AND (o.until IS NULL OR o.until > $14))
            ON CONFLICT (rule_id, mmsi, coalesce(other_mmsi, 0)) WHERE resolved_at IS NULL DO NOTHING
            RETURNING {Columns}
            """,
            connection,
            transaction))
        {
            var rule = transition.Rule.Rule;
            Add(insert, rule.Id, rule.Name, rule.Kind, rule.Severity, rule.FleetId, (int)transition.Mmsi, transition.VesselName, transition.Message,
                transition.Lat, transition.Lon, transition.Value, transition.Threshold, transition.EvidenceAt, raisedAt, recipients.ToArray(),
                rule.Escalation is { } escalation ? raisedAt + escalation.After : null, rule.Escalation?.To.ToArray(),
                transition.Evidence?.ToJsonString(), transition.OtherMmsi is { } other ? (int)other : null, transition.OtherName);
            alert = (await ReadAlertsAsync(insert, cancellationToken)).SingleOrDefault();
        }

        if (alert is null)
        {
            return null; // already open, or already raised on this evidence, or out of service: nothing new to tell anyone
        }

        var evt = alert.ShelvedUntil is null
            ? await AppendEventAsync(connection, transaction, alert, "alert", JsonSerializer.Serialize(alert, JsonSerializerOptions.Web), alert.Recipients, cancellationToken)
            : null;
        await CommitAsync(transaction, cancellationToken);
        return (alert, evt);
    }

    /// <summary>
    /// Ends the open episode of (rule, vessel, other vessel); null when there is none (already resolved), or when the open one
    /// was raised after <paramref name="resolvedAt"/> (a replayed end of an earlier episode must not close it). What the
    /// end measured (<paramref name="evidence"/>: a port call's time in port) is merged into the evidence that raised it.
    /// </summary>
    public async Task<AlertEvent?> ResolveAsync(long ruleId, uint mmsi, uint? other, DateTimeOffset resolvedAt, string message, long? term, CancellationToken cancellationToken, System.Text.Json.Nodes.JsonObject? evidence = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await InCurrentTermAsync(connection, transaction, term, cancellationToken))
        {
            return null;
        }

        // An alert that was shelved when it ended is closed by its shelving (whoever shelved it has seen to it): it never
        // enters the attention list at expiry. Otherwise an end nobody acknowledged is "returned-unacknowledged".
        List<AlertView> resolved;
        await using (var update = new NpgsqlCommand(
            $"""
            UPDATE alerts SET status = 'resolved', resolved_at = $3, evidence = coalesce(evidence, jsonb_build_object()) || coalesce($5::jsonb, jsonb_build_object()),
                              acknowledged_by = CASE WHEN shelved_until IS NOT NULL THEN coalesce(acknowledged_by, shelved_by) ELSE acknowledged_by END,
                              acknowledged_at = CASE WHEN shelved_until IS NOT NULL THEN coalesce(acknowledged_at, $3) ELSE acknowledged_at END,
                              ack_note = CASE WHEN shelved_until IS NOT NULL AND acknowledged_by IS NULL THEN 'ended while shelved: ' || shelve_reason ELSE ack_note END,
                              shelved_until = NULL
            WHERE rule_id = $1 AND mmsi = $2 AND coalesce(other_mmsi, 0) = $4 AND resolved_at IS NULL AND evidence_at <= $3 RETURNING {Columns},
                  (SELECT count(*) FROM alert_events e WHERE e.alert_id = alerts.id)
            """,
            connection,
            transaction))
        {
            Add(update, ruleId, (int)mmsi, resolvedAt, other is { } o ? (int)o : 0, evidence?.ToJsonString());
            resolved = await ReadAlertsAsync(update, cancellationToken);
        }

        AlertEvent? last = null;
        foreach (var alert in resolved.Where(a => a.Notified))
        {
            var payload = JsonSerializer.Serialize(new AlertResolvedEvent(alert.Id, resolvedAt, message, alert.Mmsi, alert.RuleId) { Evidence = evidence, State = alert.State }, JsonSerializerOptions.Web);
            var type = alert.State == AlertStates.ReturnedUnacknowledged ? "alert-returned" : "alert-resolved";
            last = await AppendEventAsync(connection, transaction, alert, type, payload, alert.Recipients, cancellationToken);
        }

        await CommitAsync(transaction, cancellationToken);
        return last;
    }

    /// <summary>
    /// Moves an open episode's message and evidence on (an encounter that goes on: its closest approach, its duration),
    /// and tells its recipients with <c>alert-updated</c> (the alert as it now is). Null when it is not open any more.
    /// </summary>
    public async Task<AlertEvent?> UpdateAsync(AlertTransition transition, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await InCurrentTermAsync(connection, transaction, transition.Term, cancellationToken))
        {
            return null;
        }

        AlertView? alert;
        await using (var update = new NpgsqlCommand(
            $"""
            UPDATE alerts SET message = $4, evidence = $5::jsonb, lat = coalesce($6::float8, lat), lon = coalesce($7::float8, lon), value = coalesce($8::float8, value)
            WHERE rule_id = $1 AND mmsi = $2 AND coalesce(other_mmsi, 0) = $3 AND resolved_at IS NULL RETURNING {Columns}
            """,
            connection,
            transaction))
        {
            Add(update, transition.Rule.Id, (int)transition.Mmsi, transition.OtherMmsi is { } o ? (int)o : 0, transition.Message, transition.Evidence?.ToJsonString(),
                transition.Lat, transition.Lon, transition.Value);
            alert = (await ReadAlertsAsync(update, cancellationToken)).SingleOrDefault();
        }

        if (alert is null)
        {
            return null;
        }

        var evt = await AppendEventAsync(connection, transaction, alert, "alert-updated", JsonSerializer.Serialize(alert, JsonSerializerOptions.Web), alert.Recipients, cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return evt;
    }

    /// <summary>
    /// Records the first acknowledgement. Returns the alert and the event, or the alert with no event when it
    /// was already acknowledged (the first acknowledgement stands unchanged); null when there is no such alert.
    /// </summary>
    public async Task<(AlertView Alert, AlertEvent? Event)?> AcknowledgeAsync(long id, string user, string? note, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        AlertView? alert;
        await using (var select = new NpgsqlCommand($"SELECT {Columns} FROM alerts WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            Add(select, id);
            alert = (await ReadAlertsAsync(select, cancellationToken)).SingleOrDefault();
        }

        if (alert is null || alert.AcknowledgedBy is not null)
        {
            return alert is null ? null : (alert, null);
        }

        await using (var update = new NpgsqlCommand(
            $"""
            UPDATE alerts SET status = CASE WHEN status = 'open' THEN 'acknowledged' ELSE status END,
                              acknowledged_by = $2, acknowledged_at = $3, ack_note = $4
            WHERE id = $1 RETURNING {Columns}
            """,
            connection,
            transaction))
        {
            Add(update, id, user, at, note);
            alert = (await ReadAlertsAsync(update, cancellationToken)).Single();
        }

        var payload = JsonSerializer.Serialize(new AlertAcknowledgedEvent(id, user, at, note, alert.Mmsi, alert.Status) { State = alert.State }, JsonSerializerOptions.Web);
        var evt = await AppendEventAsync(connection, transaction, alert, "alert-acknowledged", payload, alert.Recipients, cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return (alert, evt);
    }

    public async Task<AlertView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM alerts WHERE id = $1");
        Add(command, id);
        return (await ReadAlertsAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Alerts for a recipient (every alert when <paramref name="user"/> is null) in the given statuses or states, newest first.</summary>
    public async Task<List<AlertView>> ListAsync(string? user, string[] statuses, int limit, CancellationToken cancellationToken, bool byState = false)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM alerts WHERE {(byState ? "state" : "status")} = ANY($1) AND ($2::text IS NULL OR $2 = ANY(recipients)) ORDER BY raised_at DESC, id DESC LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = statuses });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)user ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadAlertsAsync(command, cancellationToken);
    }

    /// <summary>The last event's position in the log (0 when empty).</summary>
    public async Task<long> LastEventSeqAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(seq), 0) FROM alert_events");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The events after <paramref name="seq"/> for a recipient (all when <paramref name="user"/> is null), oldest first.</summary>
    public async Task<List<AlertEvent>> EventsAfterAsync(long seq, string? user, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT e.seq, e.type, e.payload::text, e.recipients, a.fleet_id FROM alert_events e JOIN alerts a ON a.id = e.alert_id " +
            "WHERE e.seq > $1 AND ($2::text IS NULL OR $2 = ANY(e.recipients)) ORDER BY e.seq LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = seq });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)user ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<AlertEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new AlertEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3), reader.GetInt64(4)));
        }

        return events;
    }

    /// <summary>
    /// A recipient's open and acknowledged alerts and the log position they reflect, read in one REPEATABLE READ
    /// snapshot: every event up to the position is in the list and none after it (appends take one lock across every
    /// node until they commit, so the log has no gaps below the position), so a stream starting from them misses and repeats nothing.
    /// </summary>
    public async Task<(long Position, List<AlertView> Alerts)> OpenSnapshotAsync(string? user, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        long position;
        await using (var latest = new NpgsqlCommand("SELECT coalesce(max(seq), 0) FROM alert_events", connection, transaction))
        {
            position = (long)(await latest.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var list = new NpgsqlCommand(
            $"SELECT {Columns} FROM alerts WHERE state = ANY($1) AND ($2::text IS NULL OR $2 = ANY(recipients)) ORDER BY id LIMIT $3", connection, transaction);
        list.Parameters.Add(new NpgsqlParameter { Value = AlertStates.Listed });
        list.Parameters.Add(new NpgsqlParameter { Value = (object?)user ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        list.Parameters.Add(new NpgsqlParameter { Value = limit });
        var alerts = await ReadAlertsAsync(list, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (position, alerts);
    }

    /// <summary>Appends the event, and whatever the outboxes derive from it, in the caller's transaction.</summary>
    internal async Task<AlertEvent> AppendEventAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AlertView alert, string type, string payload, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        AlertEvent evt;

        // One writer at a time across every node, held to commit: sequence numbers are then committed in order, so a
        // reader that has seen seq N has seen everything below it (the alerts streams and every node's event feed rely on it).
        await using (var serialise = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7403172)", connection, transaction))
        {
            await serialise.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand("INSERT INTO alert_events (alert_id, type, payload, recipients) VALUES ($1, $2, $3::jsonb, $4) RETURNING seq", connection, transaction))
        {
            Add(command, alert.Id, type, payload, recipients.ToArray());
            evt = new AlertEvent((long)(await command.ExecuteScalarAsync(cancellationToken))!, type, payload, recipients, alert.FleetId);
        }

        foreach (var outbox in _outboxes)
        {
            await outbox.AddAsync(connection, transaction, evt, alert, cancellationToken);
        }

        return evt;
    }

    internal async Task CommitAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await transaction.CommitAsync(cancellationToken);
        foreach (var outbox in _outboxes)
        {
            outbox.Committed();
        }
    }
}
