using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>
/// How one kind of rule judges a watched vessel's new fix. The evaluator keeps the vessels, the feed's clock and the
/// order of evaluation; a kind only decides its own rule's episode, through the shared <see cref="Episodes"/>. A new
/// kind is a class beside these and one line in the evaluator's table (<c>AlertEvaluator.KindOf</c>). Geofences (stepped by area
/// crossings, <see cref="GeofenceRules"/>) and distress (any message from a beacon, <see cref="DistressRule"/>) are
/// driven otherwise, and are not behind this interface.
/// </summary>
internal interface IRuleKind
{
    string Kind { get; }

    /// <summary>Steps <paramref name="rule"/>'s episode for the vessel's new <paramref name="state"/>.</summary>
    void OnFix(CompiledRule rule, VesselTrack track, VesselState state, List<AlertTransition> transitions);
}
