using System.Text.Json;
using Npgsql;

namespace AisLive.Server.Alerts;

/// <summary>Shelving and out-of-service: parking known, expected alarms without deleting the rule.</summary>
public sealed partial class AlertStore
{
    /// <summary>
    /// Shelves the alert's rule and vessel until <paramref name="until"/>: the alert, every other alert of that rule and
    /// vessel still in the attention list, and whatever they raise before then (see <see cref="RaiseAsync"/>). Each
    /// alert shelved gets <c>alert-shelved</c>. Shelving again moves the expiry. Null when there is no such alert.
    /// </summary>
    public async Task<AlertView?> ShelveAsync(long id, string user, string reason, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        AlertView? target;
        await using (var select = new NpgsqlCommand($"SELECT {Columns} FROM alerts WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            Add(select, id);
            target = (await ReadAlertsAsync(select, cancellationToken)).SingleOrDefault();
        }

        if (target is null)
        {
            return null;
        }

        await using (var shelf = new NpgsqlCommand(
            """
            INSERT INTO alert_shelves (rule_id, mmsi, until, shelved_by, reason, shelved_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (rule_id, mmsi) DO UPDATE SET until = EXCLUDED.until, shelved_by = EXCLUDED.shelved_by, reason = EXCLUDED.reason, shelved_at = EXCLUDED.shelved_at
            """,
            connection,
            transaction))
        {
            Add(shelf, target.RuleId, (int)target.Mmsi, until, user, reason, now);
            await shelf.ExecuteNonQueryAsync(cancellationToken);
        }

        List<AlertView> shelved;
        await using (var update = new NpgsqlCommand(
            $"""
            UPDATE alerts SET shelved_until = $3, shelved_by = $4, shelve_reason = $5
            WHERE rule_id = $1 AND mmsi = $2 AND (id = $6 OR state = ANY($7) OR shelved_until IS NOT NULL) RETURNING {Columns}
            """,
            connection,
            transaction))
        {
            Add(update, target.RuleId, (int)target.Mmsi, until, user, reason, id, AlertStates.Attention);
            shelved = await ReadAlertsAsync(update, cancellationToken);
        }

        foreach (var alert in shelved)
        {
            var payload = JsonSerializer.Serialize(new AlertShelvedEvent(alert.Id, alert.RuleId, alert.Mmsi, until, user, reason, alert.State), JsonSerializerOptions.Web);
            await AppendEventAsync(connection, transaction, alert, "alert-shelved", payload, alert.Recipients, cancellationToken);
        }

        await CommitAsync(transaction, cancellationToken);
        return shelved.Single(a => a.Id == id);
    }

    /// <summary>
    /// Ends one shelf whose time is up (on the service clock): its alerts leave the shelf with <c>alert-unshelved</c>
    /// (the alert as it now is: one raised while shelved is told of for the first time). False when none is due.
    /// One shelf per transaction, taken with SKIP LOCKED, so the nodes of a cluster never end the same shelf twice.
    /// </summary>
    public async Task<bool> UnshelveNextDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long ruleId;
        int mmsi;
        await using (var due = new NpgsqlCommand(
            """
            DELETE FROM alert_shelves WHERE (rule_id, mmsi) = (SELECT rule_id, mmsi FROM alert_shelves WHERE until <= $1 ORDER BY until LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING rule_id, mmsi
            """,
            connection,
            transaction))
        {
            Add(due, now);
            await using var reader = await due.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }

            (ruleId, mmsi) = (reader.GetInt64(0), reader.GetInt32(1));
        }

        List<AlertView> unshelved;
        await using (var update = new NpgsqlCommand(
            $"UPDATE alerts SET shelved_until = NULL WHERE rule_id = $1 AND mmsi = $2 AND shelved_until IS NOT NULL RETURNING {Columns}", connection, transaction))
        {
            Add(update, ruleId, mmsi);
            unshelved = await ReadAlertsAsync(update, cancellationToken);
        }

        foreach (var alert in unshelved)
        {
            await AppendEventAsync(connection, transaction, alert, "alert-unshelved", JsonSerializer.Serialize(alert, JsonSerializerOptions.Web), alert.Recipients, cancellationToken);
        }

        await CommitAsync(transaction, cancellationToken);
        return true;
    }

    /// <summary>Puts a vessel out of service in a fleet (or moves its return), so that it raises no alerts there.</summary>
    public async Task<OutOfService> SetOutOfServiceAsync(long fleetId, uint mmsi, DateTimeOffset? until, string reason, string user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO vessel_out_of_service (fleet_id, mmsi, until, reason, set_by, set_at) VALUES ($1, $2, $3::timestamptz, $4, $5, $6)
            ON CONFLICT (fleet_id, mmsi) DO UPDATE SET until = EXCLUDED.until, reason = EXCLUDED.reason, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at
            """);
        Add(command, fleetId, (int)mmsi, until, reason, user, now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new OutOfService(fleetId, mmsi, until, reason, user, now);
    }

    /// <summary>Returns a vessel to service; false when it was not out of service.</summary>
    public async Task<bool> ClearOutOfServiceAsync(long fleetId, uint mmsi, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM vessel_out_of_service WHERE fleet_id = $1 AND mmsi = $2");
        Add(command, fleetId, (int)mmsi);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The fleet's vessels out of service now (an expired entry is over, and not listed).</summary>
    public async Task<List<OutOfService>> OutOfServiceAsync(long fleetId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT fleet_id, mmsi, until, reason, set_by, set_at FROM vessel_out_of_service WHERE fleet_id = $1 AND (until IS NULL OR until > $2) ORDER BY mmsi");
        Add(command, fleetId, now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<OutOfService>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new OutOfService(reader.GetInt64(0), (uint)reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return list;
    }
}
