using System.Text.Json.Serialization;

namespace AisLive.Server.Ingest;

/// <summary>The upstream feed's state, as <c>/api/feed</c> and <c>event: feed</c> report it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedState>))]
public enum FeedState
{
    /// <summary>Opening the connection or waiting for the first message after subscribing.</summary>
    [JsonStringEnumMemberName("connecting")]
    Connecting,

    /// <summary>Messages are arriving.</summary>
    [JsonStringEnumMemberName("live")]
    Live,

    /// <summary>Connected but silent for longer than the stall timeout; about to reconnect.</summary>
    [JsonStringEnumMemberName("stalled")]
    Stalled,

    /// <summary>Waiting before the next connection attempt.</summary>
    [JsonStringEnumMemberName("backoff")]
    Backoff,

    /// <summary>The upstream refused us for a reason retrying soon will not fix (a bad API key); waiting long.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>A cluster node that does not hold the feed and has not heard the leader's state yet.</summary>
    [JsonStringEnumMemberName("standby")]
    Standby,

    /// <summary>A recording played to its end with looping off.</summary>
    [JsonStringEnumMemberName("ended")]
    Ended,
}
