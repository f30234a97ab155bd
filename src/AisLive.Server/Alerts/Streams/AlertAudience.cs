using System.Security.Claims;
using AisLive.Server.Fleets;
using AisLive.Server.Security;

namespace AisLive.Server.Alerts;

/// <summary>
/// Who may see and act on an alert now. Recipients are fixed when an alert is raised, but fleets change: a person
/// removed from the fleet stops receiving, listing and acknowledging its alerts at once, so every read and every
/// acknowledgement asks the current fleets, not the alert's list alone.
/// </summary>
public sealed class AlertAudience(FleetDirectory fleets)
{
    /// <summary>Admins see every alert; anyone else the alerts they are a recipient of, while a member of the alert's fleet.</summary>
    public bool Sees(ClaimsPrincipal user, long fleetId, IReadOnlyList<string> recipients) =>
        user.IsAdmin() || (recipients.Contains(user.UserId()) && fleets.Current.CanRead(user, fleetId));

    /// <summary>Admins, and recipients who are operators of the alert's fleet (a viewer of this fleet who operates another does not).</summary>
    public bool MayAcknowledge(ClaimsPrincipal user, AlertView alert) =>
        user.IsAdmin() || (alert.Recipients.Contains(user.UserId()) && fleets.Current.CanAct(user, alert.FleetId));
}
