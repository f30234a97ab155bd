using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AisLive.Server.Fleets;

/// <summary>
/// The one answer to "may this caller see this vessel, or read this fleet", for every feature that serves vessels
/// (live state, history, fleets): admins see everything, everyone else the vessels of the fleets they are members of.
/// The answers are problem results, so every endpoint refuses in the same words.
/// </summary>
public sealed class VesselAccess(FleetDirectory fleets)
{
    /// <summary>400 for a malformed MMSI, 403 for a vessel outside the caller's fleets, else null.</summary>
    public ProblemHttpResult? CheckVessel(string text, ClaimsPrincipal user, out uint mmsi)
    {
        var ok = Ais.Mmsi.TryParse(text, out var parsed) && parsed.IsValid;
        mmsi = ok ? parsed.Value : 0;
        return !ok ? TypedResults.Problem(title: "Invalid MMSI", detail: "An MMSI is a number from 1 to 999999999.", statusCode: StatusCodes.Status400BadRequest)
            : !fleets.Current.CanSee(user, mmsi) ? TypedResults.Problem(title: "Forbidden", detail: "This vessel is in none of your fleets.", statusCode: StatusCodes.Status403Forbidden)
            : null;
    }

    /// <summary>404 for a fleet that does not exist, 403 for one the caller is not a member of, else null.</summary>
    public ProblemHttpResult? CheckFleet(long id, ClaimsPrincipal user)
    {
        var snapshot = fleets.Current;
        return !snapshot.Fleets.ContainsKey(id) ? UnknownFleet(id)
            : !snapshot.CanRead(user, id) ? TypedResults.Problem(title: "Forbidden", detail: "You are not a member of this fleet.", statusCode: StatusCodes.Status403Forbidden)
            : null;
    }

    /// <summary>The vessels the caller may see; null for all of them (admins).</summary>
    public IReadOnlySet<uint>? VisibleTo(ClaimsPrincipal user) => fleets.Current.VesselsVisibleTo(user);

    public static ProblemHttpResult UnknownFleet(long id) =>
        TypedResults.Problem(title: "Unknown fleet", detail: $"There is no fleet {id}.", statusCode: StatusCodes.Status404NotFound);
}
