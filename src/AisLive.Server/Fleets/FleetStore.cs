using Npgsql;

namespace AisLive.Server.Fleets;

/// <summary>Fleets in PostgreSQL. Every write is one transaction; reads return whole fleets.</summary>
public sealed class FleetStore(NpgsqlDataSource dataSource)
{
    public Task<List<Fleet>> LoadAllAsync(CancellationToken cancellationToken) => LoadAsync(null, cancellationToken);

    /// <summary>One fleet, or null when it does not exist (after a write, only that fleet needs reading back).</summary>
    public async Task<Fleet?> GetAsync(long id, CancellationToken cancellationToken) => (await LoadAsync(id, cancellationToken)).SingleOrDefault();

    private async Task<List<Fleet>> LoadAsync(long? only, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var fleets = new Dictionary<long, (string Name, DateTimeOffset Updated, List<uint> Vessels, List<FleetMember> Members)>();
        var filter = new NpgsqlParameter { Value = (object?)only ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint };
        await using (var command = new NpgsqlCommand("SELECT id, name, updated_at FROM fleets WHERE $1::bigint IS NULL OR id = $1 ORDER BY id", connection) { Parameters = { filter.Clone() } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                fleets[reader.GetInt64(0)] = (reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), [], []);
            }
        }

        await using (var command = new NpgsqlCommand("SELECT fleet_id, mmsi FROM fleet_vessels WHERE $1::bigint IS NULL OR fleet_id = $1 ORDER BY fleet_id, mmsi", connection) { Parameters = { filter.Clone() } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                fleets[reader.GetInt64(0)].Vessels.Add((uint)reader.GetInt32(1));
            }
        }

        await using (var command = new NpgsqlCommand("SELECT fleet_id, user_id, role FROM fleet_members WHERE $1::bigint IS NULL OR fleet_id = $1 ORDER BY fleet_id, user_id", connection) { Parameters = { filter.Clone() } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                fleets[reader.GetInt64(0)].Members.Add(new FleetMember(reader.GetString(1), reader.GetString(2)));
            }
        }

        return fleets.Select(f => new Fleet(f.Key, f.Value.Name, f.Value.Vessels, f.Value.Members, f.Value.Updated)).ToList();
    }

    public async Task<long> CreateAsync(string name, IReadOnlyCollection<uint> vessels, IReadOnlyCollection<FleetMember> members, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        await using (var insert = new NpgsqlCommand("INSERT INTO fleets (name) VALUES ($1) RETURNING id", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = name });
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }

        await WriteChildrenAsync(connection, transaction, id, vessels, members, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Replaces a fleet's name, vessels and members; false when it does not exist.</summary>
    public async Task<bool> ReplaceAsync(long id, string name, IReadOnlyCollection<uint> vessels, IReadOnlyCollection<FleetMember> members, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand("UPDATE fleets SET name = $2, updated_at = now() WHERE id = $1", connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = id });
            update.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await using (var clear = new NpgsqlBatch(connection, transaction))
        {
            clear.BatchCommands.Add(Command("DELETE FROM fleet_vessels WHERE fleet_id = $1", id));
            clear.BatchCommands.Add(Command("DELETE FROM fleet_members WHERE fleet_id = $1", id));
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await WriteChildrenAsync(connection, transaction, id, vessels, members, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM fleets WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Adds (true) or removes (false) one vessel; returns false when the fleet does not exist.</summary>
    public async Task<bool> SetVesselAsync(long id, uint mmsi, bool member, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("UPDATE fleets SET updated_at = now() WHERE id = $1", id));
        batch.BatchCommands.Add(Command(
            member
                ? "INSERT INTO fleet_vessels (fleet_id, mmsi) SELECT id, $2 FROM fleets WHERE id = $1 ON CONFLICT DO NOTHING"
                : "DELETE FROM fleet_vessels WHERE fleet_id = $1 AND mmsi = $2",
            id,
            (int)mmsi));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch.BatchCommands[0].RecordsAffected > 0;
    }

    private static async Task WriteChildrenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, IReadOnlyCollection<uint> vessels, IReadOnlyCollection<FleetMember> members, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command(
            "INSERT INTO fleet_vessels (fleet_id, mmsi) SELECT $1, unnest($2::integer[]) ON CONFLICT DO NOTHING", id, vessels.Select(v => (int)v).ToArray()));
        batch.BatchCommands.Add(Command(
            "INSERT INTO fleet_members (fleet_id, user_id, role) SELECT $1, u, r FROM unnest($2::text[], $3::text[]) AS m(u, r) ON CONFLICT DO NOTHING",
            id,
            members.Select(m => m.UserId).ToArray(),
            members.Select(m => m.Role).ToArray()));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
