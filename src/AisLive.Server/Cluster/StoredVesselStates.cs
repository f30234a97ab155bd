using AisLive.Ais;
using AisLive.Server.Vessels;
using Npgsql;

namespace AisLive.Server.Cluster;

/// <summary>
/// The vessels' last stored states, for a node that starts (or comes back) while the cluster runs: the latest
/// position of every vessel heard within <see cref="ClusterOptions.WarmStartWindow"/> and of every fleet's vessel,
/// with its static data. Values PostgreSQL keeps as <c>real</c> are rounded back to AIS's own resolution (0.1), so
/// they read exactly as the decoded messages did on the nodes that applied them.
/// </summary>
public sealed class StoredVesselStates(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        WITH recent AS (
            SELECT DISTINCT ON (mmsi) mmsi, ts, received_at, geom, sog, cog, heading, nav_status, rot
            FROM positions WHERE ts > $1 ORDER BY mmsi, ts DESC),
        fleet AS (
            SELECT l.* FROM (SELECT DISTINCT mmsi FROM fleet_vessels WHERE mmsi NOT IN (SELECT mmsi FROM recent)) f
            CROSS JOIN LATERAL (SELECT mmsi, ts, received_at, geom, sog, cog, heading, nav_status, rot
                                FROM positions p WHERE p.mmsi = f.mmsi ORDER BY ts DESC LIMIT 1) l),
        latest AS (SELECT * FROM recent UNION ALL SELECT * FROM fleet)
        SELECT p.mmsi, ST_Y(p.geom), ST_X(p.geom), p.sog, p.cog, p.heading, p.nav_status, p.rot, p.ts, p.received_at,
               v.name, v.callsign, v.imo, v.ship_type, v.destination, v.eta, v.draught, v.to_bow, v.to_stern, v.to_port, v.to_starboard
        FROM latest p LEFT JOIN vessels v USING (mmsi)
        """;

    public async Task<List<(VesselState State, DateTimeOffset HeardAt)>> LoadAsync(DateTimeOffset heardSince, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue(heardSince);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new List<(VesselState, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var dimensions = new AisStaticData
            {
                ToBowMeters = Int(reader, 17),
                ToSternMeters = Int(reader, 18),
                ToPortMeters = Int(reader, 19),
                ToStarboardMeters = Int(reader, 20),
            };
            var receivedAt = reader.GetFieldValue<DateTimeOffset>(9);
            var state = new VesselState
            {
                Mmsi = (uint)reader.GetInt32(0),
                Lat = reader.GetDouble(1),
                Lon = reader.GetDouble(2),
                Sog = Tenths(reader, 3),
                Cog = Tenths(reader, 4),
                Heading = Int(reader, 5),
                NavStatus = Int(reader, 6),
                RateOfTurn = new AisMessage { RateOfTurnRaw = Int(reader, 7) }.RateOfTurnDegreesPerMinute,
                Timestamp = reader.GetFieldValue<DateTimeOffset>(8),
                ReceivedAt = receivedAt,
                Name = reader.IsDBNull(10) ? null : reader.GetString(10),
                Callsign = reader.IsDBNull(11) ? null : reader.GetString(11),
                Imo = Int(reader, 12),
                ShipType = Int(reader, 13),
                Destination = reader.IsDBNull(14) ? null : reader.GetString(14),
                Eta = reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15),
                Draught = Tenths(reader, 16),
                Length = dimensions.LengthMeters,
                Width = dimensions.WidthMeters,
            };
            states.Add((state, receivedAt));
        }

        return states;
    }

    private static int? Int(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static double? Tenths(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Math.Round((double)reader.GetFloat(ordinal), 1);
}
