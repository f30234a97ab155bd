using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Security;

/// <summary>
/// How many streams one user may have open at once (<see cref="SecurityOptions.MaxStreamsPerUser"/>). Not a policy of
/// the rate-limiting middleware, whose lease ends with the request: a stream handed off by its request
/// (<see cref="Streaming.Handoff.IResponseHandoffFeature"/>) outlives it. An endpoint filter takes the lease for the request;
/// the stream <see cref="Take">takes it over</see> and releases it when it ends. A user past the limit gets 429 with
/// Retry-After and a problem+json body, as from the other limits.
/// </summary>
public sealed class StreamQuota(IOptions<SecurityOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimitPartition.GetConcurrencyLimiter(user, _ => new ConcurrencyLimiterOptions { PermitLimit = options.Value.MaxStreamsPerUser, QueueLimit = 0 }));

    /// <summary>The endpoint filter of every stream endpoint (<see cref="RateLimits.RequireStreamLimits"/>).</summary>
    public static async ValueTask<object?> LimitAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var quota = context.RequestServices.GetRequiredService<StreamQuota>();
        var held = new HeldLease(quota._limiter.AttemptAcquire(RateLimits.Caller(context)));
        if (!held.Lease!.IsAcquired)
        {
            held.Lease.Dispose();
            await RateLimits.RejectAsync(context, RateLimits.DefaultRetryAfter);
            return Results.Empty;
        }

        context.Features.Set(held);
        try
        {
            return await next(invocation);
        }
        finally
        {
            held.Lease?.Dispose(); // the request ended without a stream taking it over (an error, a refusal)
        }
    }

    /// <summary>Takes over the request's lease, for a stream that may outlive its request: disposing it ends the stream's share of the quota.</summary>
    public static IDisposable? Take(HttpContext context)
    {
        if (context.Features.Get<HeldLease>() is not { } held)
        {
            return null;
        }

        var lease = held.Lease;
        held.Lease = null;
        return lease;
    }

    public void Dispose() => _limiter.Dispose();

    private sealed class HeldLease(RateLimitLease lease)
    {
        public RateLimitLease? Lease { get; set; } = lease;
    }
}
