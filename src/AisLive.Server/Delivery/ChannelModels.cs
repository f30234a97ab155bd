namespace AisLive.Server.Delivery;

/// <summary>A notification channel as the API shows it. Its secret is only in the answer that created it.</summary>
public sealed record ChannelView(
    long Id,
    string Name,
    long FleetId,
    string Kind,
    string Url,
    string MinSeverity,
    IReadOnlyList<string> Events,
    string Format,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt,
    string? DisabledReason)
{
    /// <summary><c>whsec_</c> + base64 of 32 random bytes: the Standard Webhooks signing key. Only in the creation answer.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }
}

/// <summary>The body of <c>POST /api/channels</c>.</summary>
public sealed record ChannelRequest(string? Name, long? FleetId, string? Kind, string? Url, string? MinSeverity, List<string>? Events, string? Format);

/// <summary>One attempt to deliver one event to one channel, or a delivery still waiting for its next attempt.</summary>
public sealed record DeliveryAttemptView(long ChannelId, string Event, string MessageId, int Attempt, string Status, int? StatusCode, string? Error, DateTimeOffset At)
{
    /// <summary><c>webhook</c> (a channel's delivery) or <c>push</c> (a browser or phone of a recipient; <see cref="ChannelId"/> is 0).</summary>
    public string Channel { get; init; } = "webhook";

    /// <summary>For a push: the push service's host (the endpoint itself is a credential).</summary>
    public string? Target { get; init; }
}

/// <summary>The vocabulary of channels: event types, severities, formats.</summary>
public static class ChannelVocabulary
{
    public static readonly string[] Events = ["alert", "alert-acknowledged", "alert-resolved", "alert-escalated", "alert-returned", "alert-shelved", "alert-unshelved"];
    public static readonly string[] Severities = ["info", "warning", "critical"];
    public static readonly string[] Formats = ["standard", "chat"];
}
