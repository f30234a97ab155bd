using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary><c>speed-above</c>: over the rule's knots, ended below it by the hysteresis (AIS speed jitters).</summary>
internal sealed class SpeedAboveRule(Episodes episodes) : IRuleKind
{
    public string Kind => RuleKinds.SpeedAbove;

    public void OnFix(CompiledRule rule, VesselTrack track, VesselState state, List<AlertTransition> transitions)
    {
        if (state.Sog is { } sog)
        {
            episodes.Step(rule, track, state, sog > rule.Knots, sog < rule.Knots - rule.HysteresisKnots, sog, rule.Knots,
                $"{AlertWording.Name(state)} at {sog:F1} kn, above {rule.Knots:0.#} kn", transitions);
        }
    }
}
