using AisLive.Server.Security;
using AisLive.Server.Vessels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AisLive.Server.History;

/// <summary>
/// Reads stored positions back: one vessel's track, or everything in a box and time range. Anyone signed in can ask,
/// so a query is bounded: at most <see cref="SecurityOptions.MaxConcurrentHistoryQueries"/> run at once (the pool's
/// other connections stay for the writer and alert persistence), and each is cancelled by the database after
/// <see cref="SecurityOptions.HistoryQueryTimeout"/>. Either limit throws <see cref="HistoryUnavailableException"/>.
/// </summary>
public sealed class HistoryQueries(NpgsqlDataSource dataSource, IOptions<SecurityOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _running = new(options.Value.MaxConcurrentHistoryQueries, options.Value.MaxConcurrentHistoryQueries);

    public void Dispose() => _running.Dispose();

    public async Task<List<StoredPosition>> TrackAsync(int mmsi, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT mmsi, ts, ST_X(geom), ST_Y(geom), sog, cog, heading, nav_status FROM positions
            WHERE mmsi = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4
            """;
        return await QueryAsync(sql, [mmsi, from, to, limit], cancellationToken);
    }

    /// <summary>Positions intersecting the box, in (ts, mmsi) order, after <paramref name="after"/> when continuing.</summary>
    /// <summary>Only the vessels in <paramref name="onlyVessels"/> when given (a non-admin's fleets).</summary>
    public async Task<List<StoredPosition>> InBoxAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, (DateTimeOffset Ts, int Mmsi)? after, int[]? onlyVessels, int limit, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT mmsi, ts, ST_X(geom), ST_Y(geom), sog, cog, heading, nav_status FROM positions
            WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326)) AND ts >= $5 AND ts < $6 AND (ts, mmsi) > ($7, $8)
              AND ($10::integer[] IS NULL OR mmsi = ANY($10))
            ORDER BY ts, mmsi LIMIT $9
            """;
        var (afterTs, afterMmsi) = after ?? (DateTimeOffset.MinValue.ToUniversalTime(), int.MinValue);
        return await QueryAsync(sql, [box.MinLon, box.MinLat, box.MaxLon, box.MaxLat, from, to, afterTs < from ? from.AddTicks(-1) : afterTs, afterMmsi, limit, (object?)onlyVessels ?? DBNull.Value], cancellationToken);
    }

    private async Task<List<StoredPosition>> QueryAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        var timeout = options.Value.HistoryQueryTimeout;
        if (!await _running.WaitAsync(timeout, cancellationToken))
        {
            throw new HistoryUnavailableException($"{options.Value.MaxConcurrentHistoryQueries} history queries are running; try again shortly.");
        }

        try
        {
            return await RunAsync(sql, parameters, (int)Math.Ceiling(timeout.TotalSeconds), cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException { InnerException: TimeoutException } or PostgresException { SqlState: PostgresErrorCodes.QueryCanceled })
        {
            throw new HistoryUnavailableException($"The query ran past {timeout.TotalSeconds:0} s: ask for a smaller box or a shorter time.", ex);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<List<StoredPosition>> RunAsync(string sql, object[] parameters, int timeoutSeconds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = timeoutSeconds;
        foreach (var value in parameters)
        {
            command.Parameters.Add(value == DBNull.Value
                ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer }
                : new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<StoredPosition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredPosition(
                reader.GetInt32(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetDouble(2),
                reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetFloat(4),
                reader.IsDBNull(5) ? null : reader.GetFloat(5),
                reader.IsDBNull(6) ? null : reader.GetInt16(6),
                reader.IsDBNull(7) ? null : reader.GetInt16(7)));
        }

        return rows;
    }
}

public sealed record StoredPosition(int Mmsi, DateTimeOffset Timestamp, double Lon, double Lat, float? Sog, float? Cog, short? Heading, short? NavStatus);

/// <summary>A history query that could not run now (too many at once) or ran too long: 503 for the caller.</summary>
public sealed class HistoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
