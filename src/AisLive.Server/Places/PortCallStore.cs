using Npgsql;
using NpgsqlTypes;

namespace AisLive.Server.Places;

/// <summary>The port-call log in PostgreSQL: one row per call, written at arrival and completed at departure.</summary>
public sealed class PortCallStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Records an arrival or a departure. Idempotent (a visit replayed after a restart changes nothing); a departure
    /// whose arrival was never written (stored while the database was away, lost with the process) is written whole.
    /// </summary>
    public async Task RecordAsync(PortVisit visit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO port_calls (mmsi, place_id, arrived_at, departed_at, arrival_lat, arrival_lon)
            SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM places WHERE id = $2)
            ON CONFLICT (mmsi, place_id, arrived_at) DO UPDATE SET departed_at = coalesce(EXCLUDED.departed_at, port_calls.departed_at)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (int)visit.Mmsi });
        command.Parameters.Add(new NpgsqlParameter { Value = visit.PlaceId });
        command.Parameters.Add(new NpgsqlParameter { Value = visit.ArrivedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)visit.DepartedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)visit.Lat ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)visit.Lon ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Calls of one vessel, or at one place, that overlap [from, to], newest first; only of <paramref name="visible"/> vessels unless it is null.</summary>
    public async Task<List<PortCall>> ListAsync(uint? mmsi, long? placeId, int[]? visible, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT c.mmsi, c.place_id, p.name, c.arrived_at, c.departed_at
            FROM port_calls c JOIN places p ON p.id = c.place_id
            WHERE ($1::integer IS NULL OR c.mmsi = $1) AND ($2::bigint IS NULL OR c.place_id = $2)
              AND ($6::integer[] IS NULL OR c.mmsi = ANY($6))
              AND c.arrived_at <= $4 AND (c.departed_at IS NULL OR c.departed_at >= $3)
            ORDER BY c.arrived_at DESC LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = mmsi is { } m ? (int)m : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)placeId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)visible ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var calls = new List<PortCall>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var arrived = reader.GetFieldValue<DateTimeOffset>(3);
            DateTimeOffset? departed = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4);
            calls.Add(new PortCall((uint)reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2), arrived, departed,
                departed is { } d ? Math.Round((d - arrived).TotalMinutes, 1) : null));
        }

        return calls;
    }
}
