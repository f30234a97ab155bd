using System.Security.Cryptography;
using AisLive.Server.Alerts;
using AisLive.Server.Fleets;
using AisLive.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Delivery;

/// <summary>Notification channels per fleet, and the delivery record of an alert.</summary>
public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Who may do what here is read from the fleets: wait for them (a start with the database away gets 503, not a wrong 403).
        var channels = endpoints.MapGroup("/api/channels").WithTags("Channels").RequireAuthorization().RequireRateLimiting(RateLimits.Api).RequireFleetsLoaded();
        channels.MapPost("/", Create)
            .WithSummary("Creates a webhook channel {name, fleetId, kind: webhook, url, minSeverity?, events?, format?: standard|chat} (admins, the fleet's operators). The answer holds the signing secret, shown once.");
        channels.MapGet("/", List).WithSummary("The channels of the caller's fleets (all for admins), with whether each is disabled and why.");
        channels.MapGet("/{id:long}", Get).WithSummary("One channel.");
        channels.MapDelete("/{id:long}", Delete).WithSummary("Deletes a channel and its pending deliveries (admins, the fleet's operators).");
        endpoints.MapGet("/api/alerts/{id:long}/deliveries", Deliveries).WithTags("Alerts").RequireAuthorization().RequireRateLimiting(RateLimits.Api).RequireFleetsLoaded()
            .WithSummary("Every webhook and push attempt for the alert's events, and deliveries still waiting: [{channel: webhook|push, channelId, event, attempt, status, statusCode, error, at, target}].");
        return endpoints;
    }

    private static async Task<Results<Created<ChannelView>, ProblemHttpResult>> Create(
        ChannelRequest request, HttpContext context, ChannelStore store, FleetDirectory fleets, WebhookTargets targets, IOptions<SecurityOptions> security, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors.Add("name is required, at most 200 characters.");
        }

        if (request.FleetId is not { } fleetId || !fleets.Current.Fleets.ContainsKey(fleetId))
        {
            errors.Add("fleetId must name an existing fleet.");
        }

        if ((request.Kind ?? "webhook") != "webhook")
        {
            errors.Add("kind is webhook.");
        }

        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0 || request.Url!.Length > 2000)
        {
            errors.Add("url must be an absolute http or https URL without credentials, at most 2,000 characters.");
        }

        var minSeverity = request.MinSeverity ?? "info";
        if (!ChannelVocabulary.Severities.Contains(minSeverity))
        {
            errors.Add("minSeverity is info, warning or critical.");
        }

        var events = request.Events is { Count: > 0 } given ? given.Distinct().ToList() : [.. ChannelVocabulary.Events];
        if (events.Any(e => !ChannelVocabulary.Events.Contains(e)))
        {
            errors.Add($"events are some of {string.Join(", ", ChannelVocabulary.Events)}.");
        }

        var format = request.Format ?? "standard";
        if (!ChannelVocabulary.Formats.Contains(format))
        {
            errors.Add("format is standard or chat.");
        }

        if (errors.Count > 0)
        {
            return TypedResults.Problem(title: "Invalid channel", detail: string.Join(" ", errors), statusCode: StatusCodes.Status400BadRequest);
        }

        if (!fleets.Current.CanAct(context.User, request.FleetId!.Value))
        {
            return Forbidden("Only the fleet's operators and admins add its channels.");
        }

        var limit = security.Value.MaxChannelsPerFleet;
        if (await store.CountInFleetAsync(request.FleetId.Value, cancellationToken) >= limit)
        {
            return TypedResults.Problem(
                title: "Too many channels", detail: $"A fleet has at most {limit} channels (Security:MaxChannelsPerFleet); remove one first.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        if (await targets.CheckAsync(url!, cancellationToken) is { } refused)
        {
            return TypedResults.Problem(title: "Webhook target refused", detail: refused, statusCode: StatusCodes.Status400BadRequest);
        }

        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var channel = new ChannelView(0, request.Name!.Trim(), request.FleetId.Value, "webhook", url!.ToString(), minSeverity, events, format, context.User.UserId(), default, null, null);
        var created = await store.InsertAsync(channel, secret, cancellationToken);
        return TypedResults.Created($"/api/channels/{created.Id}", created);
    }

    private static async Task<Ok<List<ChannelView>>> List(HttpContext context, ChannelStore store, FleetDirectory fleets, CancellationToken cancellationToken)
    {
        var snapshot = fleets.Current;
        return TypedResults.Ok((await store.ListAsync(cancellationToken)).Where(c => snapshot.CanRead(context.User, c.FleetId)).Select(c => AsSeenBy(c, context.User)).ToList());
    }

    private static async Task<Results<Ok<ChannelView>, ProblemHttpResult>> Get(long id, HttpContext context, ChannelStore store, FleetDirectory fleets, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is not { } channel ? NotFound(id)
        : !fleets.Current.CanRead(context.User, channel.FleetId) ? Forbidden("You are not a member of this channel's fleet.")
        : TypedResults.Ok(AsSeenBy(channel, context.User));

    /// <summary>
    /// A channel's URL is a credential (a chat room's incoming webhook takes posts from anyone who has it): in full
    /// only for its creator and admins; everyone else sees where it goes, <c>https://hooks.example.org/…</c>.
    /// </summary>
    private static ChannelView AsSeenBy(ChannelView channel, System.Security.Claims.ClaimsPrincipal user) =>
        user.IsAdmin() || channel.CreatedBy == user.UserId() || !Uri.TryCreate(channel.Url, UriKind.Absolute, out var url)
            ? channel
            : channel with { Url = $"{url.Scheme}://{url.Authority}/…" };

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, HttpContext context, ChannelStore store, FleetDirectory fleets, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } channel)
        {
            return NotFound(id);
        }

        if (!fleets.Current.CanAct(context.User, channel.FleetId))
        {
            return Forbidden("Only the fleet's operators and admins remove its channels.");
        }

        await store.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<DeliveryAttemptView>>, ProblemHttpResult>> Deliveries(
        long id, HttpContext context, AlertStore alerts, DeliveryStore deliveries, PushStore pushes, FleetDirectory fleets, CancellationToken cancellationToken)
    {
        if (await alerts.GetAsync(id, cancellationToken) is not { } alert)
        {
            return TypedResults.Problem(title: "Unknown alert", detail: $"There is no alert {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        var user = context.User;
        if (!user.IsAdmin() && !alert.Recipients.Contains(user.UserId()) && !fleets.Current.CanRead(user, alert.FleetId))
        {
            return Forbidden("Only the alert's recipients, its fleet's members and admins see its deliveries.");
        }

        return TypedResults.Ok<List<DeliveryAttemptView>>([.. await deliveries.ForAlertAsync(id, cancellationToken), .. await pushes.ForAlertAsync(id, cancellationToken)]);
    }

    private static ProblemHttpResult NotFound(long id) => TypedResults.Problem(title: "Unknown channel", detail: $"There is no channel {id}.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);
}
