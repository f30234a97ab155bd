using System.Text.Json.Nodes;

namespace AisLive.Server.Alerts;

/// <summary>The rule kinds.</summary>
public static class RuleKinds
{
    public const string GeofenceEnter = "geofence-enter";
    public const string GeofenceExit = "geofence-exit";
    public const string SpeedAbove = "speed-above";
    public const string SignalLost = "signal-lost";
    public const string NavStatus = "nav-status";
    public const string AnchorDrag = "anchor-drag";
    public const string Distress = "distress";
    public const string Encounter = "encounter";
    public const string Loitering = "loitering";
    public const string PortCall = "port-call";
    public const string Dark = "dark";
    public const string Identity = "identity";

    public static readonly IReadOnlySet<string> All = new HashSet<string>
    {
        GeofenceEnter, GeofenceExit, SpeedAbove, SignalLost, NavStatus, AnchorDrag, Distress, Encounter, Loitering, PortCall, Dark, Identity,
    };
}

/// <summary>A rule as stored and as returned by the API.</summary>
public sealed record AlertRule(
    long Id,
    string Name,
    long FleetId,
    string Kind,
    string Severity,
    JsonObject Parameters,
    IReadOnlyList<string>? Recipients,
    TimeSpan Cooldown,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Who else is told, and when, if nobody acknowledges; null for none.</summary>
    public AlertEscalation? Escalation { get; init; }
}

/// <summary>An alert still unacknowledged <see cref="After"/> its raise (service clock) also goes to <see cref="To"/>.</summary>
public sealed record AlertEscalation(TimeSpan After, IReadOnlyList<string> To);

/// <summary>The body of <c>POST /api/rules</c> and <c>PUT /api/rules/{id}</c>; <c>cooldown</c> is <c>hh:mm:ss</c>.</summary>
public sealed record AlertRuleRequest(string? Name, long? FleetId, string? Kind, string? Severity, JsonObject? Parameters, List<string>? Recipients, string? Cooldown, EscalationRequest? Escalation = null);

/// <summary><c>escalation</c> in a rule request: <c>{after: "hh:mm:ss", to: [userId, ...]}</c>.</summary>
public sealed record EscalationRequest(string? After, List<string>? To);
