using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>What the evaluator starts from after a restart, read from the database (<see cref="AlertSeedStore"/>).</summary>
/// <param name="OpenAlerts">Every open alert: the episodes in progress.</param>
/// <param name="LastRaised">The newest raise per (rule, vessel) of rules with a cooldown.</param>
/// <param name="Anchors">Where each anchored watched vessel dropped anchor (the first fix of its current run of status 1).</param>
/// <param name="RecentFixes">The last few stored fixes of each watched vessel, oldest first.</param>
public sealed record EvaluatorSeed(
    IReadOnlyList<EvaluatorSeed.OpenAlert> OpenAlerts,
    IReadOnlyList<EvaluatorSeed.Raise> LastRaised,
    IReadOnlyDictionary<uint, (double Lat, double Lon)> Anchors,
    IReadOnlyList<VesselState> RecentFixes)
{
    public static readonly EvaluatorSeed Empty = new([], [], new Dictionary<uint, (double, double)>(), []);

    /// <summary>The port calls in progress (arrived, not departed) of watched vessels.</summary>
    public IReadOnlyList<OpenCall> OpenCalls { get; init; } = [];

    public sealed record OpenAlert(long RuleId, uint Mmsi, string Kind, DateTimeOffset EvidenceAt)
    {
        /// <summary>An encounter's other vessel.</summary>
        public uint? OtherMmsi { get; init; }

        public string? OtherName { get; init; }
    }

    public sealed record OpenCall(uint Mmsi, long PlaceId, DateTimeOffset ArrivedAt);

    public sealed record Raise(long RuleId, uint Mmsi, DateTimeOffset EvidenceAt);
}
