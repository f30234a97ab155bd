using Npgsql;
using NpgsqlTypes;

namespace AisLive.Server.Storage.Quarantine;

/// <summary>Writes, lists and prunes <c>rejected_messages</c>.</summary>
public sealed class RejectedMessageStore(NpgsqlDataSource dataSource)
{
    /// <summary>Rows a page of <c>GET /api/rejected</c> returns at most.</summary>
    public const int MaxPage = 1_000;

    public async Task InsertAsync(IReadOnlyList<RejectedMessage> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        const string sql = """
            INSERT INTO rejected_messages (rejected_at, received_at, source, stage, reason, mmsi, raw)
            SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::bytea[])
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.RejectedAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.ReceivedAt?.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Source).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Stage).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Reason).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Mmsi).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Raw.ToArray()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rejected at or after <paramref name="since"/> and after id <paramref name="afterId"/>, oldest first.</summary>
    public async Task<List<RejectedMessage>> ListAsync(DateTimeOffset since, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, rejected_at, received_at, source, stage, reason, mmsi, raw FROM rejected_messages
            WHERE rejected_at >= $1 AND id > $2 ORDER BY id LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = since.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = afterId });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var rows = new List<RejectedMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RejectedMessage(
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.GetFieldValue<byte[]>(7)) { Id = reader.GetInt64(0) });
        }

        return rows;
    }

    /// <summary>Deletes rows rejected before <paramref name="before"/>, in batches; returns how many went.</summary>
    public async Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        long total = 0;
        int deleted;
        do
        {
            await using var command = dataSource.CreateCommand(
                "DELETE FROM rejected_messages WHERE id IN (SELECT id FROM rejected_messages WHERE rejected_at < $1 LIMIT 10000)");
            command.Parameters.Add(new NpgsqlParameter { Value = before.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted > 0);
        return total;
    }
}
