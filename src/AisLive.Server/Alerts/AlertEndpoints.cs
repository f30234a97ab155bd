using AisLive.Server.Fleets;
using AisLive.Server.Security;
using AisLive.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AisLive.Server.Alerts;

/// <summary>The caller's alerts, acknowledgement, and the durable alerts stream.</summary>
public static class AlertEndpoints
{
    private const string StreamDescription =
        "`retry:` on connect; `event: alert` (AlertView: on a fresh connect, one per open alert), `event: alert-acknowledged` (AlertAcknowledgedEvent), " +
              "`event: alert-resolved` (AlertResolvedEvent, state closed), `event: alert-returned` (AlertResolvedEvent: ended before anyone acknowledged it, state returned-unacknowledged), " +
              "`event: alert-shelved` (AlertShelvedEvent), `event: alert-unshelved` (AlertView), `event: alert-updated` (AlertView), `event: alert-escalated`; ids are the durable event sequence, and Last-Event-ID replays every event after it, a page at a time. " +
              "`event: unavailable` with a `retry:` when the database cannot be read; `: hb` comments keep the connection open.";

    private static readonly Dictionary<string, string[]> StatusFilters = new()
    {
        ["open"] = ["open"],
        ["acknowledged"] = ["acknowledged"],
        ["resolved"] = ["resolved"],
        ["all"] = ["open", "acknowledged", "resolved"],
    };

    public static RouteGroupBuilder MapAlertEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization().RequireRateLimiting(RateLimits.Api).RequireFleetsLoaded(); // the audience comes from the fleets
        group.MapGet("/", List).WithSummary(
            "The caller's alerts (all for admins), newest first: by state=unacknowledged|acknowledged|returned-unacknowledged|closed|shelved (comma-separated, or all), " +
            "or by status=open|acknowledged|resolved|all; by default the attention list (unacknowledged, acknowledged, returned-unacknowledged).");
        group.MapPost("/{id:long}/acknowledge", Acknowledge)
            .WithSummary("Acknowledges an alert {note?}: recipient operators and admins. A second acknowledgement returns the first unchanged.");
        group.MapGet("/stream", Stream).RequireStreamLimits()
            .ProducesEvents(StreamDescription, typeof(AlertView), typeof(AlertAcknowledgedEvent), typeof(AlertResolvedEvent), typeof(AlertShelvedEvent))
            .WithSummary("Server-Sent Events: alert, alert-acknowledged and alert-resolved, ids = the durable event sequence; Last-Event-ID replays what was missed.");
        return group;
    }

    private static async Task<Results<Ok<List<AlertView>>, ProblemHttpResult>> List(string? status, string? state, HttpContext context, AlertStore store, AlertAudience audience, CancellationToken cancellationToken)
    {
        string[] filter;
        var byState = status is null;
        if (status is not null)
        {
            if (state is not null || !StatusFilters.TryGetValue(status, out filter!))
            {
                return TypedResults.Problem(title: "Invalid status", detail: "status is open, acknowledged, resolved or all (and not given with state).", statusCode: StatusCodes.Status400BadRequest);
            }
        }
        else if (state is null)
        {
            filter = AlertStates.Attention;
        }
        else
        {
            filter = state == "all" ? AlertStates.All : state.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (filter.Length == 0 || filter.Any(s => !AlertStates.All.Contains(s)))
            {
                return TypedResults.Problem(title: "Invalid state", detail: $"state is one or more of {string.Join(", ", AlertStates.All)}, or all.", statusCode: StatusCodes.Status400BadRequest);
            }
        }

        var alerts = await store.ListAsync(context.User.IsAdmin() ? null : context.User.UserId(), filter, 1000, cancellationToken, byState);
        return TypedResults.Ok(alerts.Where(a => audience.Sees(context.User, a.FleetId, a.Recipients)).ToList());
    }

    private static async Task<Results<Ok<AlertView>, ProblemHttpResult>> Acknowledge(
        long id, AcknowledgeRequest? request, HttpContext context, AlertStore store, AlertHub hub, AlertAudience audience, CancellationToken cancellationToken)
    {
        if (request?.Note is { Length: > 2000 })
        {
            return TypedResults.Problem(title: "Invalid note", detail: "A note is at most 2,000 characters.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (await store.GetAsync(id, cancellationToken) is not { } alert)
        {
            return TypedResults.Problem(title: "Unknown alert", detail: $"There is no alert {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        var user = context.User;
        if (!audience.MayAcknowledge(user, alert))
        {
            return TypedResults.Problem(title: "Forbidden", detail: "Only the alert's recipients who operate its fleet, and admins, acknowledge it.", statusCode: StatusCodes.Status403Forbidden);
        }

        return await hub.AcknowledgeAsync(id, user.UserId(), request?.Note, cancellationToken) is { } acknowledged
            ? TypedResults.Ok(acknowledged)
            : TypedResults.Problem(title: "Unknown alert", detail: $"There is no alert {id}.", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task Stream(HttpContext context, AlertHub hub, AlertEventFeed feed, SseResponseWriter writer)
    {
        // The feed must have its start position before a stream reads its own (see AlertEventFeed); while the database
        // is away at start it has none, and the stream goes on to say the log is unavailable.
        try
        {
            await feed.WhenStartedAsync(context.RequestAborted).WaitAsync(TimeSpan.FromSeconds(5), context.RequestAborted);
        }
        catch (TimeoutException)
        {
            // the log read below fails and tells the client to come back
        }

        // The writer unregisters the subscriber when the stream ends, whatever ends it. Registering before the log is
        // read leaves no gap.
        var log = hub.LogFor(context.User, SseResponseWriter.LastEventId(context));
        await writer.RunAsync(context, hub.Subscribe(context.User), log, hub.Unsubscribe);
    }

    public sealed record AcknowledgeRequest(string? Note);
}
