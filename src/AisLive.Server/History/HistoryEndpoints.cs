using System.Globalization;
using System.Text;
using AisLive.Server.Fleets;
using AisLive.Server.Security;
using AisLive.Server.Vessels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;

namespace AisLive.Server.History;

/// <summary>The history endpoints: stored tracks and positions, answered as GeoJSON from PostGIS.</summary>
public static class HistoryEndpoints
{
    public const int MaxTrackPoints = 20_000;
    public const int DefaultPageSize = 1_000;
    public const int MaxPageSize = 10_000;

    public static RouteGroupBuilder MapHistoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("History").RequireAuthorization().RequireRateLimiting(RateLimits.Api);
        group.MapGet("/vessels/{mmsi}/track", GetTrack)
            .WithName("GetTrack")
            .Produces<HistoryGeoJson.TrackFeature>(StatusCodes.Status200OK, "application/geo+json")
            .WithSummary("A vessel's stored track as a GeoJSON LineString Feature with a timestamp per point (default: the last 24 hours).");
        group.MapGet("/positions", GetPositions)
            .WithName("GetPositions")
            .Produces<HistoryGeoJson.PositionPage>(StatusCodes.Status200OK, "application/geo+json")
            .WithSummary("Stored positions in a bounding box and time range (default: the last hour) as a GeoJSON FeatureCollection, paged by 'next'.");
        return group;
    }

    private static async Task<Results<JsonHttpResult<HistoryGeoJson.TrackFeature>, ProblemHttpResult>> GetTrack(
        string mmsi, string? from, string? to, HttpContext context, VesselAccess access, HistoryQueries history, IOptions<SecurityOptions> security, TimeProvider time, CancellationToken cancellationToken)
    {
        if (access.CheckVessel(mmsi, context.User, out var value) is { } denied)
        {
            return denied;
        }

        var vessel = new Ais.Mmsi(value);

        if (!TryRange(from, to, TimeSpan.FromDays(1), security.Value.MaxHistoryRange, time, out var range, out var problem))
        {
            return problem!;
        }

        List<StoredPosition> rows;
        try
        {
            rows = await history.TrackAsync((int)vessel.Value, range.From, range.To, MaxTrackPoints + 1, cancellationToken);
        }
        catch (HistoryUnavailableException ex)
        {
            return Unavailable(ex);
        }

        var truncated = rows.Count > MaxTrackPoints;
        var points = rows.Take(MaxTrackPoints).ToList();
        Geometry? geometry = points.Count switch
        {
            0 => null,
            1 => Wgs84.Point(points[0].Lon, points[0].Lat),
            _ => Wgs84.Factory.CreateLineString([.. points.Select(p => new Coordinate(p.Lon, p.Lat))]),
        };
        var feature = new HistoryGeoJson.TrackFeature(
            geometry,
            new HistoryGeoJson.TrackProperties(vessel.Value, range.From, range.To, points.Count, truncated, [.. points.Select(p => p.Timestamp)], [.. points.Select(p => p.Sog)], [.. points.Select(p => p.Cog)]));
        return GeoJson(feature);
    }

    private static async Task<Results<JsonHttpResult<HistoryGeoJson.PositionPage>, ProblemHttpResult>> GetPositions(
        string? bbox, string? from, string? to, int? limit, string? cursor, HttpContext context, VesselAccess access, HistoryQueries history, IOptions<SecurityOptions> security,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (!BoundingBox.TryParse(bbox, out var box))
        {
            return Problem("Invalid bbox", "bbox is minLon,minLat,maxLon,maxLat in degrees, with min < max.");
        }

        if (!TryRange(from, to, TimeSpan.FromHours(1), security.Value.MaxHistoryRange, time, out var range, out var problem))
        {
            return problem!;
        }

        if (limit is < 1 or > MaxPageSize)
        {
            return Problem("Invalid limit", $"limit is 1 to {MaxPageSize}.");
        }

        (DateTimeOffset, int)? after = null;
        if (cursor is not null)
        {
            if (DecodeCursor(cursor) is not { } decoded)
            {
                return Problem("Invalid cursor", "Pass back the 'next' value of a previous page unchanged.");
            }

            after = decoded;
        }

        var pageSize = limit ?? DefaultPageSize;
        var visible = access.VisibleTo(context.User)?.Select(v => (int)v).ToArray(); // null: an admin sees all
        List<StoredPosition> rows;
        try
        {
            rows = await history.InBoxAsync(box, range.From, range.To, after, visible, pageSize + 1, cancellationToken);
        }
        catch (HistoryUnavailableException ex)
        {
            return Unavailable(ex);
        }

        var page = rows.Take(pageSize).ToList();
        return GeoJson(new HistoryGeoJson.PositionPage([.. page.Select(Feature)], rows.Count > pageSize ? EncodeCursor(page[^1]) : null));
    }

    private static HistoryGeoJson.PositionFeature Feature(StoredPosition p) =>
        new(Wgs84.Point(p.Lon, p.Lat), new HistoryGeoJson.PositionProperties(p.Mmsi, p.Timestamp, p.Sog, p.Cog, p.Heading, p.NavStatus));

    private static JsonHttpResult<T> GeoJson<T>(T value) => Wgs84.GeoJsonResult(value);

    private static ProblemHttpResult Unavailable(HistoryUnavailableException ex) =>
        TypedResults.Problem(title: "History unavailable", detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);

    private static ProblemHttpResult Problem(string title, string detail) => TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);

    private static bool TryRange(
        string? from, string? to, TimeSpan defaultSpan, TimeSpan maxSpan, TimeProvider time, out (DateTimeOffset From, DateTimeOffset To) range, out ProblemHttpResult? problem)
    {
        range = default;
        problem = null;
        var end = time.GetUtcNow();
        if (to is not null && !DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out end))
        {
            problem = Problem("Invalid time", "to is an ISO 8601 date and time, e.g. 2026-11-21T10:00:00Z.");
            return false;
        }

        var start = end - defaultSpan;
        if (from is not null && !DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out start))
        {
            problem = Problem("Invalid time", "from is an ISO 8601 date and time, e.g. 2026-11-21T09:00:00Z.");
            return false;
        }

        if (start >= end)
        {
            problem = Problem("Invalid time range", "from must be before to.");
            return false;
        }

        if (end - start > maxSpan)
        {
            problem = Problem("Time range too long", $"One request covers at most {maxSpan.TotalDays:0.##} days (Security:MaxHistoryRange); page through longer spans.");
            return false;
        }

        range = (start.ToUniversalTime(), end.ToUniversalTime());
        return true;
    }

    private static string EncodeCursor(StoredPosition last) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{last.Timestamp.UtcTicks}:{last.Mmsi}"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (DateTimeOffset, int)? DecodeCursor(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(padded)).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var mmsi)
                && ticks is > 0 and < 3155378975999999999
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), mmsi)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
