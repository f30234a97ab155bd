using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Security;

public static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/auth").WithTags("Auth").RequireRateLimiting(RateLimits.Api);

        group.MapPost("/session", CreateSession)
            .WithSummary("Exchanges the bearer token in the Authorization header for an HttpOnly, SameSite=Strict session cookie (for EventSource).");
        group.MapDelete("/session", EndSession).AllowAnonymous()
            .WithSummary("Signs out: clears the session cookie.");
        group.MapGet("/me", Me).RequireAuthorization()
            .WithSummary("Who the caller is: subject, role and when the token expires.");
        return group;
    }

    private static async Task<Results<Ok<Identity>, ProblemHttpResult>> CreateSession(HttpContext context, IOptions<AuthOptions> auth)
    {
        // Only a bearer header can open a session: a cookie cannot renew itself. With the header present, the
        // JwtBearer handler reads the token from it.
        var token = BearerHeader.Token(context.Request);
        var principal = token is null ? null : (await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme)).Principal;
        if (principal is null)
        {
            return TypedResults.Problem(title: "Invalid token", detail: "Send a valid token as Authorization: Bearer.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var expires = principal.ExpiresAt();
        context.Response.Cookies.Append(auth.Value.CookieName, token!, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            Expires = expires,
        });
        return TypedResults.Ok(new Identity(principal.UserId(), principal.FindFirst("role")!.Value, expires));
    }

    private static NoContent EndSession(HttpContext context, IOptions<AuthOptions> auth)
    {
        context.Response.Cookies.Delete(auth.Value.CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict });
        return TypedResults.NoContent();
    }

    private static Ok<Identity> Me(HttpContext context) =>
        TypedResults.Ok(new Identity(context.User.UserId(), context.User.FindFirst("role")!.Value, context.User.ExpiresAt()));

    public sealed record Identity(string Sub, string Role, DateTimeOffset? ExpiresAt);
}
