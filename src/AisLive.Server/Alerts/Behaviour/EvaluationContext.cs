using AisLive.Server.Fleets;
using AisLive.Server.Places;

namespace AisLive.Server.Alerts;

/// <summary>The snapshots the evaluator is working with for the fix at hand, for the kinds that look beyond one vessel.</summary>
internal sealed class EvaluationContext
{
    public FleetSnapshot Fleets = FleetSnapshot.Empty;

    public RuleSnapshot Rules = RuleSnapshot.Empty;

    public PlaceSnapshot Places => Rules.Places;
}
