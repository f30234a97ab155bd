using Npgsql;
using NpgsqlTypes;

namespace AisLive.Server.Alerts;

/// <summary>Parameters in and alert rows out: what every <see cref="AlertStore"/> query shares.</summary>
public sealed partial class AlertStore
{
    internal static void Add(NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown },
                _ => new NpgsqlParameter { Value = value },
            });
        }
    }

    internal static async Task<List<AlertView>> ReadAlertsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<AlertView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new AlertView(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), (uint)reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt64(7), reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetDouble(9), reader.IsDBNull(10) ? null : reader.GetDouble(10),
                reader.IsDBNull(11) ? null : reader.GetDouble(11), reader.IsDBNull(12) ? null : reader.GetDouble(12),
                reader.GetFieldValue<DateTimeOffset>(13), reader.GetFieldValue<DateTimeOffset>(14), reader.GetString(15),
                reader.IsDBNull(16) ? null : reader.GetString(16), reader.IsDBNull(17) ? null : reader.GetFieldValue<DateTimeOffset>(17),
                reader.IsDBNull(18) ? null : reader.GetString(18), reader.IsDBNull(19) ? null : reader.GetFieldValue<DateTimeOffset>(19),
                reader.GetFieldValue<string[]>(20))
            {
                EscalatedAt = reader.IsDBNull(21) ? null : reader.GetFieldValue<DateTimeOffset>(21),
                EscalatedTo = reader.IsDBNull(22) ? null : reader.GetFieldValue<string[]>(22),
                Evidence = reader.IsDBNull(23) ? null : System.Text.Json.Nodes.JsonNode.Parse(reader.GetString(23))?.AsObject(),
                OtherMmsi = reader.IsDBNull(24) ? null : (uint)reader.GetInt32(24),
                OtherName = reader.IsDBNull(25) ? null : reader.GetString(25),
                State = reader.GetString(26),
                ShelvedUntil = reader.IsDBNull(27) ? null : reader.GetFieldValue<DateTimeOffset>(27),
                ShelvedBy = reader.IsDBNull(28) ? null : reader.GetString(28),
                ShelveReason = reader.IsDBNull(29) ? null : reader.GetString(29),
                Notified = reader.FieldCount <= 30 || reader.GetInt64(30) > 0,
            });
        }

        return alerts;
    }
}
