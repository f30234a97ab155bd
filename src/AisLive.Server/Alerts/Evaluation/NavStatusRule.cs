using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary><c>nav-status</c>: the vessel reports one of the rule's navigational statuses.</summary>
internal sealed class NavStatusRule(Episodes episodes) : IRuleKind
{
    public string Kind => RuleKinds.NavStatus;

    public void OnFix(CompiledRule rule, VesselTrack track, VesselState state, List<AlertTransition> transitions)
    {
        if (state.NavStatus is { } status)
        {
            episodes.Step(rule, track, state, rule.Statuses.Contains(status), !rule.Statuses.Contains(status), status, null,
                $"{AlertWording.Name(state)} reports navigational status {status} ({AlertWording.NavStatusName(status)})", transitions);
        }
    }
}
