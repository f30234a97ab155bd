using AisLive.Server.Vessels;
using Npgsql;
using NpgsqlTypes;

namespace AisLive.Server.Storage;

/// <summary>
/// Stores one batch of journal records in a single transaction: positions with one binary COPY, vessels with
/// one upsert. A batch is stored whole or not at all, and storing it again (a retry, a replay) adds nothing:
/// the COPY goes straight into <c>positions</c>, and only when that hits a key already stored (a batch
/// replayed after a crash or an outage) is the batch redone through a staging table with
/// <c>INSERT ... ON CONFLICT DO NOTHING</c>. Replays are rare, so the common case writes each row once.
/// </summary>
public sealed class StorageBatchWriter(NpgsqlDataSource dataSource)
{
    private const string Columns = "mmsi, ts, received_at, geom, sog, cog, heading, nav_status, rot, msg_type";

    private static readonly Comparison<PositionRow> KeyOrder = (a, b) => a.Mmsi != b.Mmsi ? a.Mmsi.CompareTo(b.Mmsi) : a.Timestamp.CompareTo(b.Timestamp);

    /// <summary>Returns the number of new position rows. Sorts the batch's positions in place (a retry writes the same rows).</summary>
    public async Task<int> WriteAsync(StorageBatch batch, CancellationToken cancellationToken)
    {
        // In key order, a vessel's consecutive fixes go into neighbouring index pages (the primary key is
        // (mmsi, ts), and a vessel's track is spatially close for the GiST index too).
        var positions = batch.Positions;
        positions.Sort(KeyOrder);
        var vessels = batch.Vessels;
        try
        {
            return await WriteOnceAsync(positions, vessels, viaStaging: false, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return await WriteOnceAsync(positions, vessels, viaStaging: true, cancellationToken);
        }
    }

    private async Task<int> WriteOnceAsync(List<PositionRow> positions, List<VesselRow> vessels, bool viaStaging, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = positions.Count == 0 ? 0
            : viaStaging ? await CopyViaStagingAsync(connection, transaction, positions, cancellationToken)
            : (int)await CopyAsync(connection, "positions", positions, cancellationToken);
        await UpsertVesselsAsync(connection, transaction, vessels, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    private static async Task<int> CopyViaStagingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<PositionRow> rows, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS positions_staging (LIKE positions INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, "positions_staging", rows, cancellationToken);
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO positions ({Columns}) SELECT {Columns} FROM positions_staging ON CONFLICT (mmsi, ts) DO NOTHING", connection, transaction);
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<ulong> CopyAsync(NpgsqlConnection connection, string table, List<PositionRow> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);

        // One point for the whole COPY, moved to each row's position: the importer serialises a value during
        // Write, so nothing keeps a reference, and a batch allocates no geometry per row.
        var point = Wgs84.Point(0, 0);
        foreach (var row in rows)
        {
            // Field writes are buffered by Npgsql; the synchronous calls only block when a buffer goes out,
            // and save an await per field (13 per row).
            importer.StartRow();
            importer.Write(row.Mmsi, NpgsqlDbType.Integer);
            importer.Write(row.Timestamp, NpgsqlDbType.TimestampTz);
            importer.Write(row.ReceivedAt, NpgsqlDbType.TimestampTz);
            point.CoordinateSequence.SetX(0, row.Longitude);
            point.CoordinateSequence.SetY(0, row.Latitude);
            point.GeometryChanged();
            importer.Write(point, NpgsqlDbType.Geometry); // Npgsql.NetTopologySuite writes it as PostGIS geometry
            WriteNullable(importer, row.SpeedKnots, NpgsqlDbType.Real);
            WriteNullable(importer, row.CourseDegrees, NpgsqlDbType.Real);
            WriteNullable(importer, row.Heading, NpgsqlDbType.Smallint);
            WriteNullable(importer, row.NavigationStatus, NpgsqlDbType.Smallint);
            WriteNullable(importer, row.RateOfTurnRaw, NpgsqlDbType.Smallint);
            importer.Write(row.MessageType, NpgsqlDbType.Smallint);
        }

        return await importer.CompleteAsync(cancellationToken);
    }

    private static async Task UpsertVesselsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<VesselRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // One row per vessel: later messages in the batch fill in and override earlier ones.
        var merged = rows.GroupBy(r => r.Mmsi).Select(g => g.OrderBy(r => r.UpdatedAt).Aggregate(Merge)).ToList();
        const string sql = """
            INSERT INTO vessels AS v (mmsi, name, callsign, imo, ship_type, to_bow, to_stern, to_port, to_starboard, destination, eta, draught, updated_at)
            SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::integer[], $5::smallint[], $6::smallint[], $7::smallint[],
                                 $8::smallint[], $9::smallint[], $10::text[], $11::timestamptz[], $12::real[], $13::timestamptz[])
            ON CONFLICT (mmsi) DO UPDATE SET
                name = COALESCE(EXCLUDED.name, v.name), callsign = COALESCE(EXCLUDED.callsign, v.callsign),
                imo = COALESCE(EXCLUDED.imo, v.imo), ship_type = COALESCE(EXCLUDED.ship_type, v.ship_type),
                to_bow = COALESCE(EXCLUDED.to_bow, v.to_bow), to_stern = COALESCE(EXCLUDED.to_stern, v.to_stern),
                to_port = COALESCE(EXCLUDED.to_port, v.to_port), to_starboard = COALESCE(EXCLUDED.to_starboard, v.to_starboard),
                destination = COALESCE(EXCLUDED.destination, v.destination), eta = COALESCE(EXCLUDED.eta, v.eta),
                draught = COALESCE(EXCLUDED.draught, v.draught), updated_at = EXCLUDED.updated_at
            WHERE EXCLUDED.updated_at >= v.updated_at
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.Mmsi).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.Name).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.Callsign).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.Imo).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.ShipType).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.ToBow).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.ToStern).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.ToPort).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.ToStarboard).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.Destination).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.Eta?.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.Draught).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = merged.Select(r => r.UpdatedAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static VesselRow Merge(VesselRow earlier, VesselRow later) => later with
    {
        Name = later.Name ?? earlier.Name,
        Callsign = later.Callsign ?? earlier.Callsign,
        Imo = later.Imo ?? earlier.Imo,
        ShipType = later.ShipType ?? earlier.ShipType,
        ToBow = later.ToBow ?? earlier.ToBow,
        ToStern = later.ToStern ?? earlier.ToStern,
        ToPort = later.ToPort ?? earlier.ToPort,
        ToStarboard = later.ToStarboard ?? earlier.ToStarboard,
        Destination = later.Destination ?? earlier.Destination,
        Eta = later.Eta ?? earlier.Eta,
        Draught = later.Draught ?? earlier.Draught,
    };

    private static void WriteNullable<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            importer.Write(v, type);
        }
        else
        {
            importer.WriteNull();
        }
    }
}
