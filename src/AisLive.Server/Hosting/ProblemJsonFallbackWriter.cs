using System.Text.Json;

namespace AisLive.Server.Hosting;

/// <summary>
/// Writes problem+json whatever the request's Accept header says. The built-in writer declines a request
/// that only accepts <c>text/event-stream</c> (every EventSource), which would leave a refused stream
/// (401, 403, 429) with a plain-text body; tried after the built-in one, this makes every error problem+json.
/// </summary>
public sealed class ProblemJsonFallbackWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Extensions["traceId"] = http.TraceIdentifier;
        http.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(http.Response.Body, problem, JsonSerializerOptions.Web, http.RequestAborted);
    }
}
