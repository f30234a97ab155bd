using Npgsql;

namespace AisLive.Server.Alerts;

/// <summary>The alarm-quality figures, computed in PostgreSQL over the alerts of one fleet raised in a range.</summary>
public sealed partial class AlertStore
{
    public const int FloodAbove = 10;
    public const int ChatterRaises = 3;

    public async Task<AlarmQuality> QualityAsync(long fleetId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        int total, peak, floods, chattering, stale;
        double? p50, p90;
        int acknowledged;
        await using (var figures = new NpgsqlCommand(
            """
            WITH raised AS (
                SELECT id, rule_id, mmsi, raised_at, acknowledged_at, resolved_at,
                       floor(extract(epoch FROM raised_at - $2) / 600)::int AS bucket,
                       count(*) OVER (PARTITION BY rule_id, mmsi ORDER BY raised_at RANGE BETWEEN CURRENT ROW AND '1 minute'::interval FOLLOWING) AS within_minute
                FROM alerts WHERE fleet_id = $1 AND raised_at >= $2 AND raised_at < $3),
            buckets AS (SELECT bucket, count(*) AS n FROM raised GROUP BY bucket)
            SELECT (SELECT count(*) FROM raised)::int,
                   coalesce((SELECT max(n) FROM buckets), 0)::int,
                   (SELECT count(*) FROM buckets WHERE n > $5)::int,
                   (SELECT count(DISTINCT (rule_id, mmsi)) FROM raised WHERE within_minute >= $6)::int,
                   (SELECT count(*) FROM raised WHERE resolved_at IS NULL AND raised_at <= $4 - interval '24 hours')::int,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - raised_at)) FROM raised WHERE acknowledged_at IS NOT NULL),
                   (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - raised_at)) FROM raised WHERE acknowledged_at IS NOT NULL),
                   (SELECT count(*) FROM raised WHERE acknowledged_at IS NOT NULL)::int
            """,
            connection))
        {
            Add(figures, fleetId, from, to, now, FloodAbove, ChatterRaises);
            await using var reader = await figures.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (total, peak, floods, chattering, stale) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
            p50 = reader.IsDBNull(5) ? null : Math.Round(reader.GetDouble(5), 1);
            p90 = reader.IsDBNull(6) ? null : Math.Round(reader.GetDouble(6), 1);
            acknowledged = reader.GetInt32(7);
        }

        var top = new List<RuleCount>();
        await using (var rules = new NpgsqlCommand(
            "SELECT rule_id, max(rule_name), count(*)::int FROM alerts WHERE fleet_id = $1 AND raised_at >= $2 AND raised_at < $3 GROUP BY rule_id ORDER BY 3 DESC, 1 LIMIT 10",
            connection))
        {
            Add(rules, fleetId, from, to);
            await using var reader = await rules.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                top.Add(new RuleCount(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2)));
            }
        }

        var intervals = Math.Max(1, (int)Math.Ceiling((to - from).TotalMinutes / 10));
        return new AlarmQuality(fleetId, from, to, total, new AlarmRate(peak, Math.Round((double)total / intervals, 2)), floods, chattering, stale, top,
            new AcknowledgeTimes(p50, p90, acknowledged));
    }
}
