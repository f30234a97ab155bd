using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AisLive.Server.Security;

/// <summary>Issues the service's HS256 tokens (claims <c>sub</c>, <c>role</c>, <c>exp</c>; <c>iss</c> and <c>aud</c>) and says how to validate them.</summary>
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

    /// <summary>
    /// How the JwtBearer handler checks a token: HS256 with this service's key, issuer and audience, and a lifetime
    /// on the service's own clock (the injected <see cref="TimeProvider"/>, not the machine's), with
    /// <see cref="AuthOptions.ClockSkew"/> of tolerance.
    /// </summary>
    public TokenValidationParameters ValidationParameters()
    {
        var settings = options.Value;
        return new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKey = Key(settings),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            NameClaimType = "sub",
            RoleClaimType = "role",
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } end && end.ToUniversalTime() + settings.ClockSkew > time.GetUtcNow().UtcDateTime
                && (notBefore is not { } start || start.ToUniversalTime() - settings.ClockSkew <= time.GetUtcNow().UtcDateTime),
        };
    }

    private static SymmetricSecurityKey Key(AuthOptions settings) => new(Encoding.UTF8.GetBytes(settings.SigningKey));
}
