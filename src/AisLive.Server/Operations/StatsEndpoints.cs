using AisLive.Server.Alerts;
using AisLive.Server.Live;
using AisLive.Server.Pipeline;
using AisLive.Server.Security;
using AisLive.Server.Storage;
using AisLive.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AisLive.Server.Operations;

public static class StatsEndpoints
{
    public static RouteHandlerBuilder MapStatsEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/stats", Stats)
            .WithTags("Operations")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .RequireRateLimiting(RateLimits.Api)
            .WithSummary("Streams by kind, events out, coalesced and dropped updates, queue depths and publish-to-write latency (admins).");

    private static Ok<StatsView> Stats(
        StreamMetrics live, LiveMetrics liveCache, LiveHub hub, PipelineMetrics pipeline, StorageMetrics storage, VesselStateCache cache, AlertMetrics alerts, AlertChannels alertChannels, AlertHub alertHub,
        IIngestLeadership leadership, IConfiguration configuration)
    {
        var (p50, p99, max) = live.Latency();
        var (total, deepest, subscribers) = hub.QueueDepth();
        var (alertStreams, alertStreamMaxQueued) = alertHub.QueueDepth();
        return TypedResults.Ok(new StatsView(
            live.ConnectionsByKind,
            live.EventsOut,
            live.Coalesced,
            pipeline.LiveDroppedCount,
            live.DisconnectedSlow,
            new StatsView.QueueDepthView(total, deepest, subscribers),
            new StatsView.LatencyView(p50, p99, max),
            cache.Count,
            liveCache.EvictedTotal,
            new StatsView.AlertsView(
                alerts.Evaluating,
                alertChannels.Input.Reader.Count,
                alerts.BackPressureWaits,
                alerts.ShedCount,
                alertChannels.Outbox.Reader.Count,
                alerts.TrackedVessels,
                alerts.OpenEpisodes,
                alertStreams,
                alertStreamMaxQueued),
            pipeline.MessagesIn,
            pipeline.DecodeErrors,
            pipeline.Rejected,
            storage.PositionsStored,
            new StatsView.BadInputView(pipeline.TextCleanedCount, pipeline.FieldsNulled, storage.RowsRefusedCount, storage.QuarantinedCount, storage.QuarantineDroppedCount, pipeline.ByReason),
            PipelineModes.NodeName(configuration),
            leadership.Leader));
    }
}
