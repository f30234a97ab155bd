namespace AisLive.Server.Security;

/// <summary>
/// Refuses any API request that carries a token in its query string: URLs end up in logs, proxies and browser
/// history. Browsers use the session cookie instead (<c>POST /api/auth/session</c>).
/// </summary>
public sealed class QueryTokenGuard(RequestDelegate next)
{
    private static readonly string[] TokenParameters = ["access_token", "token", "jwt", "authorization", "bearer"];

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (context.Request.Path.StartsWithSegments("/api") && TokenParameters.Any(p => context.Request.Query.ContainsKey(p)))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Title = "Token in query string", Detail = "Tokens are refused in URLs. Send Authorization: Bearer, or use the session cookie from POST /api/auth/session.", Status = 401 },
            });
            return;
        }

        await next(context);
    }
}
