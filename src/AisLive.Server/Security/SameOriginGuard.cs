using Microsoft.Extensions.Options;

namespace AisLive.Server.Security;

/// <summary>
/// Request forgery from a neighbour: the session cookie is SameSite=Strict, so another site cannot use it, but a page
/// on the same site (another port or subdomain) can. A state change (POST, PUT, PATCH, DELETE under <c>/api</c>)
/// signed in by the cookie alone must come from this service's own origin or one named in
/// <see cref="SecurityOptions.CorsOrigins"/>, by its <c>Origin</c> header; without one it must be JSON, which a plain
/// HTML form cannot send. A bearer header is not sent by a browser on its own, so such requests pass.
/// </summary>
public sealed class SameOriginGuard(RequestDelegate next, IOptions<AuthOptions> auth, IOptions<SecurityOptions> security)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        var request = context.Request;
        if (IsStateChange(request) && request.Path.StartsWithSegments("/api") && BearerHeader.Token(request) is null
            && request.Cookies.ContainsKey(auth.Value.CookieName) && !Allowed(request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Title = "Cross-origin request refused",
                    Detail = "A change signed in by the session cookie must come from this service's own pages (its Origin) as JSON.",
                    Status = StatusCodes.Status403Forbidden,
                },
            });
            return;
        }

        await next(context);
    }

    private static bool IsStateChange(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method);

    private bool Allowed(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return request.HasJsonContentType() || (request.ContentLength is null or 0 && request.Headers.ContentType.Count == 0);
        }

        var own = $"{request.Scheme}://{request.Host}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || security.Value.CorsOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }
}
