namespace AisLive.Server.Alerts;

/// <summary>
/// The states of an alert (SPEC 9.4, after IEC 62682 / ISA-18.2): the condition active or ended, crossed with
/// acknowledged or not, and shelved. The database derives it (<c>alerts.state</c>, a generated column), so no code
/// path can set a state that disagrees with the alert's facts.
/// </summary>
public static class AlertStates
{
    public const string Unacknowledged = "unacknowledged";
    public const string Acknowledged = "acknowledged";
    public const string ReturnedUnacknowledged = "returned-unacknowledged";
    public const string Closed = "closed";
    public const string Shelved = "shelved";

    public static readonly string[] All = [Unacknowledged, Acknowledged, ReturnedUnacknowledged, Closed, Shelved];

    /// <summary>What needs someone's attention: active ones, and ended ones nobody acknowledged.</summary>
    public static readonly string[] Attention = [Unacknowledged, Acknowledged, ReturnedUnacknowledged];

    /// <summary>What an alerts stream lists on connect: the attention list, and the shelved (shown with their expiry).</summary>
    public static readonly string[] Listed = [.. Attention, Shelved];
}
