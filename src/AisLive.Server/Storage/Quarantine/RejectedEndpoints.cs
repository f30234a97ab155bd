using System.Globalization;
using System.Text;
using AisLive.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AisLive.Server.Storage.Quarantine;

/// <summary><c>GET /api/rejected</c>: the quarantine of bad input, for admins.</summary>
public static class RejectedEndpoints
{
    public static RouteHandlerBuilder MapRejectedEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/rejected", List)
            .WithTags("Operations")
            .WithName("ListRejected")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .RequireRateLimiting(RateLimits.Api)
            .WithSummary("Frames the pipeline did not believe and rows the database refused, oldest first from 'since' (default: the last 24 hours), paged by 'next' (admins).");

    /// <summary>One kept-aside frame or row. <c>raw</c> is its text with control characters shown as <c>\uXXXX</c>; <c>rawBase64</c> its exact bytes.</summary>
    public sealed record RejectedView(long Id, DateTimeOffset RejectedAt, DateTimeOffset? ReceivedAt, string Source, string Stage, string Reason, int? Mmsi, string Raw, string RawBase64);

    public sealed record RejectedPage(IReadOnlyList<RejectedView> Items, string? Next);

    private static async Task<Results<Ok<RejectedPage>, ProblemHttpResult>> List(
        string? since, string? cursor, int? limit, RejectedMessageStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var from = time.GetUtcNow().AddDays(-1);
        if (since is not null && !DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out from))
        {
            return Problem("Invalid since", "since is an ISO 8601 date and time, e.g. 2026-11-21T10:00:00Z.");
        }

        long afterId = 0;
        if (cursor is not null && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out afterId))
        {
            return Problem("Invalid cursor", "Pass back the 'next' value of a previous page unchanged.");
        }

        var size = limit ?? 100;
        if (size is < 1 or > RejectedMessageStore.MaxPage)
        {
            return Problem("Invalid limit", $"limit is 1 to {RejectedMessageStore.MaxPage}.");
        }

        var rows = await store.ListAsync(from, afterId, size, cancellationToken);
        var items = rows.Select(r => new RejectedView(r.Id, r.RejectedAt, r.ReceivedAt, r.Source, r.Stage, r.Reason, r.Mmsi, Printable(r.Raw.Span), Convert.ToBase64String(r.Raw.Span))).ToList();
        var next = rows.Count == size ? rows[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new RejectedPage(items, next));
    }

    /// <summary>The bytes as UTF-8 (invalid sequences as U+FFFD), every control or format character written out as <c>\uXXXX</c>.</summary>
    public static string Printable(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format || char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static ProblemHttpResult Problem(string title, string detail) => TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
