using AisLive.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace AisLive.Server.Delivery;

/// <summary>
/// Push endpoints come from browsers, so they follow the webhook targets' address rules, with their own exceptions
/// (<c>Push:AllowedPrivateNetworks</c>), checked when subscribing and again at every connect.
/// </summary>
public sealed class PushTargets(Microsoft.Extensions.Options.IOptions<PushOptions> options)
{
    public WebhookTargets Rules { get; } = new(options.Value.AllowedPrivateNetworks, "pushes", "Push:AllowedPrivateNetworks");
}

/// <summary><c>/api/push</c>: the VAPID public key, and a user's browser and phone subscriptions (SPEC 9.4).</summary>
public static class PushEndpoints
{
    private static readonly string[] Severities = ["info", "warning", "critical"];

    public static void MapPushEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/push").WithTags("Push").RequireAuthorization().RequireRateLimiting(RateLimits.Api);
        group.MapGet("/key", Key).WithSummary("The VAPID public key (base64url) a browser subscribes with (applicationServerKey).");
        group.MapPost("/subscriptions", Subscribe)
            .WithSummary("Subscribes this browser or phone to the caller's alerts: the PushSubscription JSON {endpoint, keys: {p256dh, auth}} and an optional minSeverity.");
        group.MapDelete("/subscriptions", Unsubscribe).WithSummary("Removes the caller's subscription for {endpoint}.");
    }

    private static async Task<Ok<PushKeyView>> Key(PushKeys keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(new PushKeyView((await keys.GetAsync(cancellationToken)).Public));

    private static async Task<Results<Created<PushSubscriptionView>, ProblemHttpResult>> Subscribe(
        PushSubscriptionRequest? request, HttpContext context, PushStore store, PushTargets targets, CancellationToken cancellationToken)
    {
        var minSeverity = request?.MinSeverity ?? "info";
        if (!Severities.Contains(minSeverity))
        {
            return Problem("Invalid minSeverity", "minSeverity is info, warning or critical.", StatusCodes.Status400BadRequest);
        }

        if (!Uri.TryCreate(request?.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(endpoint.UserInfo) || request!.Endpoint!.Length > 2048)
        {
            return Problem("Invalid endpoint", "endpoint is the push service's URL from the browser's PushSubscription.", StatusCodes.Status400BadRequest);
        }

        if (!Decodes(request.Keys?.P256dh, 65, out _) || !Decodes(request.Keys?.Auth, 16, out _))
        {
            return Problem("Invalid keys", "keys.p256dh is a P-256 public key (65 bytes) and keys.auth a 16-byte secret, both base64url, as the browser gives them.", StatusCodes.Status400BadRequest);
        }

        // Plain http only to loopback (a test's local push service, when allowed); push services are https.
        if (endpoint.Scheme == "http" && !endpoint.IsLoopback)
        {
            return Problem("Endpoint refused", "A push endpoint is https.", StatusCodes.Status400BadRequest);
        }

        if (await targets.Rules.CheckAsync(endpoint, cancellationToken) is { } why)
        {
            return Problem("Endpoint refused", why, StatusCodes.Status400BadRequest);
        }

        var subscription = await store.SubscribeAsync(context.User.UserId(), endpoint.AbsoluteUri, request.Keys!.P256dh!, request.Keys.Auth!, minSeverity, cancellationToken);
        return TypedResults.Created($"/api/push/subscriptions/{subscription.Id}", subscription);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Unsubscribe([Microsoft.AspNetCore.Mvc.FromBody] PushSubscriptionRequest? request, HttpContext context, PushStore store, CancellationToken cancellationToken) =>
        request?.Endpoint is { } endpoint && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && await store.UnsubscribeAsync(context.User.UserId(), uri.AbsoluteUri, cancellationToken)
            ? TypedResults.NoContent()
            : Problem("Unknown subscription", "You have no subscription with that endpoint.", StatusCodes.Status404NotFound);

    private static bool Decodes(string? base64Url, int length, out byte[] bytes)
    {
        try
        {
            bytes = base64Url is null ? [] : WebEncoders.Base64UrlDecode(base64Url);
        }
        catch (FormatException)
        {
            bytes = [];
        }

        return bytes.Length == length;
    }

    private static ProblemHttpResult Problem(string title, string detail, int status) => TypedResults.Problem(title: title, detail: detail, statusCode: status);
}

/// <summary>The answer of <c>GET /api/push/key</c>.</summary>
public sealed record PushKeyView(string PublicKey);
