using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AisLive.Server.Security;

/// <summary>Issues and validates the service's HS256 tokens (claims <c>sub</c>, <c>role</c>, <c>exp</c>; <c>iss</c> and <c>aud</c> checked).</summary>
public sealed class TokenService(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public string Create(string subject, string role, TimeSpan lifetime)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = role },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(Key(settings), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The principal of a valid token, or null with the reason.</summary>
    public async Task<(ClaimsPrincipal? Principal, string? Failure)> ValidateAsync(string token)
    {
        var settings = options.Value;
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKey = Key(settings),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            NameClaimType = "sub",
            RoleClaimType = "role",
            // Lifetime against the service's own clock (the injected TimeProvider), not the machine's.
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } end && end.ToUniversalTime() + settings.ClockSkew > time.GetUtcNow().UtcDateTime
                && (notBefore is not { } start || start.ToUniversalTime() - settings.ClockSkew <= time.GetUtcNow().UtcDateTime),
        });
        if (!result.IsValid)
        {
            return (null, result.Exception?.GetType().Name ?? "invalid token");
        }

        var role = result.ClaimsIdentity.FindFirst("role")?.Value;
        return Roles.IsKnown(role) && result.ClaimsIdentity.FindFirst("sub") is not null
            ? (new ClaimsPrincipal(result.ClaimsIdentity), null)
            : (null, "token without a known role or a subject");
    }

    private static SymmetricSecurityKey Key(AuthOptions settings) => new(Encoding.UTF8.GetBytes(settings.SigningKey));
}
