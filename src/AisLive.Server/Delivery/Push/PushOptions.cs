using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Delivery;

/// <summary><c>Push:</c> Web Push to browsers and phones (SPEC 9.4).</summary>
public sealed class PushOptions
{
    public const string SectionName = "Push";

    /// <summary>
    /// The VAPID <c>sub</c> claim: how a push service reaches the operator of this server (RFC 8292 asks for a
    /// <c>mailto:</c> or <c>https:</c> URI).
    /// </summary>
    [Required]
    public string Subject { get; set; } = "mailto:ops@aislive.invalid";

    /// <summary>
    /// Networks (CIDR) push endpoints may be on although private or loopback. Push endpoints come from browsers, so
    /// they follow the webhook targets' rules: none by default (the tests allow loopback).
    /// </summary>
    public string[] AllowedPrivateNetworks { get; set; } = [];

    /// <summary>Attempts per push before it is given up (a push service that is down: the notification is stale by then).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How often due pushes are looked for (new ones wake the sender at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>The body of <c>POST|DELETE /api/push/subscriptions</c>: the browser's <c>PushSubscription.toJSON()</c>, and a severity threshold.</summary>
public sealed record PushSubscriptionRequest(string? Endpoint, PushSubscriptionKeys? Keys, string? MinSeverity);

public sealed record PushSubscriptionKeys(string? P256dh, string? Auth);

/// <summary>A stored subscription as its owner sees it.</summary>
public sealed record PushSubscriptionView(long Id, string Endpoint, string MinSeverity, DateTimeOffset CreatedAt);
