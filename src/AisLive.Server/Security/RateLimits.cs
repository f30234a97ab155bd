using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Security;

/// <summary>
/// The service's limits on the built-in rate limiter. REST: a token bucket per user (<see cref="Api"/>).
/// Streams: for every stream connect, token buckets per user and per client address (the global limiter), and a
/// limit on the streams a user has open (<see cref="StreamQuota"/>, held for the life of the stream, which may outlive
/// its request; both through <see cref="RequireStreamLimits"/>). A rejected request gets 429 with Retry-After and a
/// problem+json body; nobody else is affected.
/// </summary>
public static class RateLimits
{
    public const string Api = "api";
    public const string Streams = "streams";
    internal static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddAisLiveRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<StreamQuota>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.AddPolicy(Api, context =>
            {
                var limit = Settings(context).RequestsPerSecondPerUser;
                return RateLimitPartition.GetTokenBucketLimiter(Caller(context), _ => Bucket(limit));
            });
            // Streams are not held to the REST bucket of their group; StreamQuota and the global limiter hold them.
            options.AddPolicy(Streams, _ => RateLimitPartition.GetNoLimiter(string.Empty));
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsStream(context)
                    ? RateLimitPartition.GetTokenBucketLimiter("user:" + Caller(context), _ => Bucket(Settings(context).StreamConnectsPerSecondPerUser))
                    : RateLimitPartition.GetNoLimiter(string.Empty)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsStream(context)
                    ? RateLimitPartition.GetTokenBucketLimiter("address:" + context.Connection.RemoteIpAddress, _ => Bucket(Settings(context).StreamConnectsPerSecondPerAddress))
                    : RateLimitPartition.GetNoLimiter(string.Empty)));
        });
        return services;
    }

    private static SecurityOptions Settings(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;

    /// <summary>A stream endpoint's limits: the connect buckets (the global limiter) and the open-stream quota.</summary>
    public static RouteHandlerBuilder RequireStreamLimits(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireRateLimiting(Streams).WithMetadata(StreamEndpoint.Instance).AddEndpointFilter(StreamQuota.LimitAsync);

    internal static string Caller(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? context.User.UserId() : "anonymous:" + context.Connection.RemoteIpAddress;

    /// <summary>
    /// Whether the request was routed to a stream endpoint: decided by the endpoint's metadata, not the path's text,
    /// which routing matches case-insensitively (<c>/api/alerts/STREAM</c> is the same endpoint).
    /// </summary>
    private static bool IsStream(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<StreamEndpoint>() is not null;

    /// <summary>Marks the stream endpoints (<see cref="RequireStreamLimits"/>).</summary>
    private sealed class StreamEndpoint
    {
        public static readonly StreamEndpoint Instance = new();
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = Math.Max(1, perSecond * 2),
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken) =>
        RejectAsync(rejected.HttpContext, rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : DefaultRetryAfter);

    /// <summary>429 with Retry-After and a problem+json body.</summary>
    internal static async ValueTask RejectAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Title = "Too many requests",
                Detail = IsStream(context) ? "Too many streams or stream connections for this user or address; retry later." : "Request rate limit reached; retry later.",
                Status = StatusCodes.Status429TooManyRequests,
            },
        });
    }
}
