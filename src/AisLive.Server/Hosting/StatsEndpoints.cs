using AisLive.Server.Alerts;
using AisLive.Server.Live;
using AisLive.Server.Pipeline;
using AisLive.Server.Security;
using AisLive.Server.Storage;

namespace AisLive.Server.Hosting;

public static class StatsEndpoints
{
    public static RouteHandlerBuilder MapStatsEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/stats", Stats)
            .WithTags("Operations")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .RequireRateLimiting(RateLimits.Api)
            .WithSummary("Streams by kind, events out, coalesced and dropped updates, queue depths and publish-to-write latency (admins).");

    private static IResult Stats(LiveMetrics live, LiveHub hub, PipelineMetrics pipeline, StorageMetrics storage, VesselStateCache cache, AlertMetrics alerts, AlertChannels alertChannels, AlertHub alertHub)
    {
        var (p50, p99, max) = live.Latency();
        var (total, deepest, subscribers) = hub.QueueDepth();
        var (alertStreams, alertStreamMaxQueued) = alertHub.QueueDepth();
        return TypedResults.Ok(new
        {
            connections = live.ConnectionsByKind,
            eventsOut = live.EventsOut,
            coalesced = live.Coalesced,
            dropped = pipeline.LiveDroppedCount,
            disconnectedSlow = live.DisconnectedSlow,
            queueDepth = new { total, max = deepest, subscribers },
            publishToWriteMs = new { p50, p99, max },
            vessels = cache.Count,
            evicted = live.EvictedTotal,
            alerts = new
            {
                evaluating = alerts.Evaluating,
                queued = alertChannels.Input.Reader.Count,
                inputWaits = alerts.BackPressureWaits,
                shed = alerts.ShedCount,
                outbox = alertChannels.Outbox.Reader.Count,
                trackedVessels = alerts.TrackedVessels,
                openEpisodes = alerts.OpenEpisodes,
                streams = alertStreams,
                streamMaxQueued = alertStreamMaxQueued,
            },
            messagesIn = pipeline.MessagesIn,
            decodeErrors = pipeline.DecodeErrors,
            rejected = pipeline.Rejected,
            positionsStored = storage.PositionsStored,
        });
    }
}
