using System.Security.Claims;

namespace AisLive.Server.Security;

/// <summary>The three roles: viewers read their fleets, operators also act on them, admins manage everything.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Viewer = "viewer";

    public static bool IsKnown(string? role) => role is Admin or Operator or Viewer;

    public static string UserId(this ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? throw new InvalidOperationException("authenticated principal without sub");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Admin);

    public static bool CanAct(this ClaimsPrincipal user) => user.IsInRole(Admin) || user.IsInRole(Operator);

    /// <summary>When the caller's token expires; streams end then.</summary>
    public static DateTimeOffset? ExpiresAt(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst("exp")?.Value, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
