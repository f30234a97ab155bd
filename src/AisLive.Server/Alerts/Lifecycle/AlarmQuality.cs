namespace AisLive.Server.Alerts;

/// <summary>
/// <c>GET /api/alerts/quality</c>: whether a fleet's alarms are usable (EEMUA 191 / ISA-18.2 measures). A flood is a
/// 10-minute interval with more than 10 new alerts; chattering is one rule and vessel raised 3 times within a minute;
/// stale is active for more than 24 hours.
/// </summary>
public sealed record AlarmQuality(
    long FleetId,
    DateTimeOffset From,
    DateTimeOffset To,
    int Alerts,
    AlarmRate PerTenMinutes,
    int Floods,
    int Chattering,
    int Stale,
    IReadOnlyList<RuleCount> TopRules,
    AcknowledgeTimes AcknowledgeSeconds);

/// <summary>New alerts per 10-minute interval: the busiest interval, and the mean over every interval of the range.</summary>
public sealed record AlarmRate(int Peak, double Average);

/// <summary>One of the most frequent rules.</summary>
public sealed record RuleCount(long RuleId, string RuleName, int Count);

/// <summary>Raised to acknowledged, in seconds, over the alerts acknowledged (null when none was).</summary>
public sealed record AcknowledgeTimes(double? P50, double? P90, int Acknowledged);
