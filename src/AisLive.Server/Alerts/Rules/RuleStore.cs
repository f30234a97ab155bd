using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace AisLive.Server.Alerts;

/// <summary>Alert rules in PostgreSQL.</summary>
public sealed class RuleStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, name, fleet_id, kind, severity, parameters::text, recipients, cooldown, updated_at, escalation::text";

    public async Task<List<AlertRule>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM alert_rules ORDER BY id");
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<AlertRule?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM alert_rules WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<AlertRule> InsertAsync(AlertRule rule, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO alert_rules (name, fleet_id, kind, severity, parameters, recipients, cooldown, escalation) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb) RETURNING {Columns}");
        AddValues(command, rule);
        return (await ReadAsync(command, cancellationToken)).Single();
    }

    public async Task<AlertRule?> UpdateAsync(long id, AlertRule rule, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE alert_rules SET name = $1, fleet_id = $2, kind = $3, severity = $4, parameters = $5::jsonb, recipients = $6, cooldown = $7, escalation = $8::jsonb, updated_at = now() WHERE id = $9 RETURNING {Columns}");
        AddValues(command, rule);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM alert_rules WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static void AddValues(NpgsqlCommand command, AlertRule rule)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = rule.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = rule.FleetId });
        command.Parameters.Add(new NpgsqlParameter { Value = rule.Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = rule.Severity });
        command.Parameters.Add(new NpgsqlParameter { Value = rule.Parameters.ToJsonString() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)rule.Recipients?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rule.Cooldown });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = rule.Escalation is { } escalation ? JsonSerializer.Serialize(escalation, JsonSerializerOptions.Web) : DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.Text,
        });
    }

    private static async Task<List<AlertRule>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rules = new List<AlertRule>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new AlertRule(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.GetString(4),
                JsonNode.Parse(reader.GetString(5))!.AsObject(),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<string[]>(6),
                reader.GetFieldValue<TimeSpan>(7),
                reader.GetFieldValue<DateTimeOffset>(8))
            {
                Escalation = reader.IsDBNull(9) ? null : JsonSerializer.Deserialize<AlertEscalation>(reader.GetString(9), JsonSerializerOptions.Web),
            });
        }

        return rules;
    }
}
