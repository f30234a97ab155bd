using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace AisLive.Server.Storage;

/// <summary>
/// Writes a batch of positions with one binary COPY into a per-session staging table, then one
/// <c>INSERT ... ON CONFLICT DO NOTHING</c>, in a single transaction: a batch is stored whole or not at
/// all, and storing it again (after a retry or a replay) adds nothing.
/// </summary>
public sealed class PositionCopier(NpgsqlDataSource dataSource)
{
    private const string Columns = "mmsi, ts, received_at, geom, sog, cog, heading, nav_status, rot, msg_type";
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public async Task<int> WriteAsync(IReadOnlyList<PositionRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS positions_staging (LIKE positions INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: true, emitZ: false);
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY positions_staging ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(row.Mmsi, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(row.Timestamp, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(row.ReceivedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                // geometry_recv accepts EWKB, so the point goes over as bytes with its SRID inside.
                await importer.WriteAsync(wkb.Write(Wgs84.CreatePoint(new Coordinate(row.Longitude, row.Latitude))), NpgsqlDbType.Bytea, cancellationToken);
                await WriteNullable(importer, row.SpeedKnots, NpgsqlDbType.Real, cancellationToken);
                await WriteNullable(importer, row.CourseDegrees, NpgsqlDbType.Real, cancellationToken);
                await WriteNullable(importer, row.Heading, NpgsqlDbType.Smallint, cancellationToken);
                await WriteNullable(importer, row.NavigationStatus, NpgsqlDbType.Smallint, cancellationToken);
                await WriteNullable(importer, row.RateOfTurnRaw, NpgsqlDbType.Smallint, cancellationToken);
                await importer.WriteAsync(row.MessageType, NpgsqlDbType.Smallint, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        int inserted;
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO positions ({Columns}) SELECT {Columns} FROM positions_staging ON CONFLICT (mmsi, ts) DO NOTHING", connection, transaction))
        {
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    private static Task WriteNullable<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
