using Npgsql;

namespace AisLive.Server.Delivery;

/// <summary>Notification channels in PostgreSQL, their URL and secret encrypted (<see cref="ChannelSecrets"/>).</summary>
public sealed class ChannelStore(NpgsqlDataSource dataSource, ChannelSecrets secrets)
{
    private const string Columns = "id, name, fleet_id, kind, url, min_severity, events, format, created_by, created_at, disabled_at, disabled_reason";

    public async Task<ChannelView> InsertAsync(ChannelView channel, string secret, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            INSERT INTO notification_channels (name, fleet_id, kind, url, secret, min_severity, events, format, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {Columns}
            """);
        foreach (var value in new object[] { channel.Name, channel.FleetId, channel.Kind, secrets.Protect(channel.Url), secrets.Protect(secret), channel.MinSeverity, channel.Events.ToArray(), channel.Format, channel.CreatedBy })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (await ReadAsync(command, cancellationToken)).Single() with { Secret = secret };
    }

    public async Task<List<ChannelView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM notification_channels ORDER BY id");
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>How many channels the fleet has (no row read, nothing decrypted).</summary>
    public async Task<long> CountInFleetAsync(long fleetId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM notification_channels WHERE fleet_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = fleetId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<ChannelView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM notification_channels WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Deletes the channel; its pending deliveries go with it (nothing would send them).</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM notification_channels WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Encrypts what a version before <see cref="ChannelSecrets"/> stored in clear; returns how many channels it changed.</summary>
    public async Task<int> ProtectLegacyAsync(CancellationToken cancellationToken)
    {
        var clear = new List<(long Id, string Url, string Secret)>();
        await using (var select = dataSource.CreateCommand("SELECT id, url, secret FROM notification_channels WHERE url NOT LIKE 'dp1:%' OR secret NOT LIKE 'dp1:%'"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                clear.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (id, url, secret) in clear)
        {
            await using var update = dataSource.CreateCommand("UPDATE notification_channels SET url = $2, secret = $3 WHERE id = $1");
            update.Parameters.Add(new NpgsqlParameter { Value = id });
            update.Parameters.Add(new NpgsqlParameter { Value = ChannelSecrets.IsProtected(url) ? url : secrets.Protect(url) });
            update.Parameters.Add(new NpgsqlParameter { Value = ChannelSecrets.IsProtected(secret) ? secret : secrets.Protect(secret) });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return clear.Count;
    }

    private async Task<List<ChannelView>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var channels = new List<ChannelView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            channels.Add(new ChannelView(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), secrets.Unprotect(reader.GetString(4)), reader.GetString(5),
                reader.GetFieldValue<string[]>(6), reader.GetString(7), reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10), reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return channels;
    }
}
