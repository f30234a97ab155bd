using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace AisLive.Server.Places;

/// <summary>Places in PostGIS (their areas as geometry, written and read as GeoJSON).</summary>
public sealed class PlaceStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, name, kind, unlocode, ST_AsGeoJSON(area), updated_at";

    public async Task<List<Place>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM places ORDER BY id");
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<Place?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM places WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<Place> InsertAsync(string name, string kind, string? unlocode, JsonObject area, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO places (name, kind, unlocode, area) VALUES ($1, $2, $3, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326)) RETURNING {Columns}");
        Add(command, name, kind, unlocode, area.ToJsonString());
        return (await ReadAsync(command, cancellationToken)).Single();
    }

    public async Task<Place?> UpdateAsync(long id, string name, string kind, string? unlocode, JsonObject area, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE places SET name = $2, kind = $3, unlocode = $4, area = ST_SetSRID(ST_GeomFromGeoJSON($5), 4326), updated_at = now() WHERE id = $1 RETURNING {Columns}");
        Add(command, id, name, kind, unlocode, area.ToJsonString());
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM places WHERE id = $1");
        Add(command, id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static void Add(NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
        }
    }

    private static async Task<List<Place>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var places = new List<Place>();
        while (await reader.ReadAsync(cancellationToken))
        {
            places.Add(new Place(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                JsonNode.Parse(reader.GetString(4), documentOptions: new JsonDocumentOptions())!.AsObject(), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return places;
    }
}
