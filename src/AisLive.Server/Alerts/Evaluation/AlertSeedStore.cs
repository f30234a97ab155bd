using AisLive.Server.Vessels;
using Npgsql;

namespace AisLive.Server.Alerts;

/// <summary>Reads the evaluator's starting point (<see cref="EvaluatorSeed"/>) from PostgreSQL.</summary>
public sealed class AlertSeedStore(NpgsqlDataSource dataSource)
{
    // The vessel's own reports (not base stations or aids to navigation), as the live cache takes them.
    private const string VesselPositionTypes = "msg_type IN (1, 2, 3, 9, 18, 19, 27)";

    /// <param name="watched">Vessels some rule applies to.</param>
    /// <param name="anchorWatched">Those of them an anchor-drag rule applies to.</param>
    /// <param name="cooldownRules">Rules with a cooldown, whose last raise per vessel matters.</param>
    /// <param name="fixesPerVessel">How many recent fixes to replay per vessel.</param>
    /// <param name="receivedBefore">Only fixes received before this (later ones are queued for the evaluator already); null = all.</param>
    public async Task<EvaluatorSeed> LoadAsync(uint[] watched, uint[] anchorWatched, long[] cooldownRules, int fixesPerVessel, DateTimeOffset? receivedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var open = new List<EvaluatorSeed.OpenAlert>();
        await using (var command = new NpgsqlCommand("SELECT rule_id, mmsi, kind, evidence_at, other_mmsi, other_name FROM alerts WHERE resolved_at IS NULL ORDER BY id", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                open.Add(new(reader.GetInt64(0), (uint)reader.GetInt32(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3))
                {
                    OtherMmsi = reader.IsDBNull(4) ? null : (uint)reader.GetInt32(4),
                    OtherName = reader.IsDBNull(5) ? null : reader.GetString(5),
                });
            }
        }

        var raised = new List<EvaluatorSeed.Raise>();
        await using (var command = new NpgsqlCommand("SELECT rule_id, mmsi, max(evidence_at) FROM alerts WHERE rule_id = ANY($1) GROUP BY rule_id, mmsi", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = cooldownRules });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                raised.Add(new(reader.GetInt64(0), (uint)reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2)));
            }
        }

        return new EvaluatorSeed(open, raised, await AnchorsAsync(connection, anchorWatched, cancellationToken), await RecentFixesAsync(connection, watched, fixesPerVessel, receivedBefore, cancellationToken))
        {
            OpenCalls = await OpenCallsAsync(connection, watched, cancellationToken),
        };
    }

    /// <summary>The port calls of <paramref name="vessels"/> that have an arrival and no departure yet.</summary>
    private static async Task<List<EvaluatorSeed.OpenCall>> OpenCallsAsync(NpgsqlConnection connection, uint[] vessels, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT mmsi, place_id, arrived_at FROM port_calls WHERE departed_at IS NULL AND mmsi = ANY($1) ORDER BY arrived_at", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = vessels.Select(v => (int)v).ToArray() });
        var calls = new List<EvaluatorSeed.OpenCall>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            calls.Add(new((uint)reader.GetInt32(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return calls;
    }

    /// <summary>The last <paramref name="count"/> fixes of each vessel, oldest first, with the name from <c>vessels</c>.</summary>
    private static async Task<List<VesselState>> RecentFixesAsync(NpgsqlConnection connection, uint[] vessels, int count, DateTimeOffset? receivedBefore, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT m.mmsi, p.ts, p.received_at, ST_Y(p.geom), ST_X(p.geom), p.sog, p.cog, p.heading, p.nav_status, v.name
            FROM unnest($1::integer[]) AS m(mmsi)
            CROSS JOIN LATERAL (
                SELECT ts, received_at, geom, sog, cog, heading, nav_status FROM positions
                WHERE positions.mmsi = m.mmsi AND {VesselPositionTypes} AND received_at < $3 ORDER BY ts DESC LIMIT $2) AS p
            LEFT JOIN vessels v ON v.mmsi = m.mmsi
            ORDER BY m.mmsi, p.ts
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = vessels.Select(v => (int)v).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        command.Parameters.Add(new NpgsqlParameter { Value = receivedBefore ?? DateTimeOffset.MaxValue });
        var fixes = new List<VesselState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            fixes.Add(new VesselState
            {
                Mmsi = (uint)reader.GetInt32(0),
                Timestamp = reader.GetFieldValue<DateTimeOffset>(1),
                ReceivedAt = reader.GetFieldValue<DateTimeOffset>(2),
                Lat = reader.GetDouble(3),
                Lon = reader.GetDouble(4),
                Sog = reader.IsDBNull(5) ? null : reader.GetFloat(5),
                Cog = reader.IsDBNull(6) ? null : reader.GetFloat(6),
                Heading = reader.IsDBNull(7) ? null : reader.GetInt16(7),
                NavStatus = reader.IsDBNull(8) ? null : reader.GetInt16(8),
                Name = reader.IsDBNull(9) ? null : reader.GetString(9),
            });
        }

        return fixes;
    }

    /// <summary>For each vessel whose newest status is 1 (at anchor): the position of the first fix of that run of status 1.</summary>
    private static async Task<Dictionary<uint, (double Lat, double Lon)>> AnchorsAsync(NpgsqlConnection connection, uint[] vessels, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT m.mmsi, ST_Y(a.geom), ST_X(a.geom)
            FROM unnest($1::integer[]) AS m(mmsi)
            LEFT JOIN LATERAL (
                SELECT ts FROM positions
                WHERE positions.mmsi = m.mmsi AND {VesselPositionTypes} AND nav_status IS NOT NULL AND nav_status <> 1
                ORDER BY ts DESC LIMIT 1) AS moving ON true
            CROSS JOIN LATERAL (
                SELECT geom FROM positions
                WHERE positions.mmsi = m.mmsi AND {VesselPositionTypes} AND nav_status = 1 AND ts > coalesce(moving.ts, '-infinity')
                ORDER BY ts LIMIT 1) AS a
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = vessels.Select(v => (int)v).ToArray() });
        var anchors = new Dictionary<uint, (double, double)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            anchors[(uint)reader.GetInt32(0)] = (reader.GetDouble(1), reader.GetDouble(2));
        }

        return anchors;
    }
}
