namespace AisLive.Server.Delivery;

/// <summary>A delivery claimed for one attempt, with what sending it needs: the channel, the event and the alert it is about.</summary>
public sealed record DueDelivery(
    long Id,
    long ChannelId,
    string EventType,
    string MessageId,
    int Attempts,
    string Url,
    string Secret,
    string Format,
    string Payload,
    DateTimeOffset EventAt,
    long AlertId,
    string Severity,
    string? VesselName,
    uint Mmsi,
    string RuleName,
    double? Lat,
    double? Lon,
    string Message);

/// <summary>How one attempt went: delivered (2xx), gone (410: the channel is disabled), or failed and worth retrying.</summary>
public sealed record AttemptOutcome(bool Delivered, bool Gone, int? StatusCode, string? Error, TimeSpan Duration);
