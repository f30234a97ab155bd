using AisLive.Server.Streaming;

namespace AisLive.Server.Live;

/// <summary>Position streams (one vessel, a fleet, all the caller's fleets): the live hub's subscriptions, written by the SSE writer.</summary>
public sealed class VesselStreams(LiveHub hub, SseResponseWriter writer)
{
    /// <summary>The events of every position stream, for the OpenAPI document.</summary>
    public const string Events =
        "`retry:` on connect; `event: feed` (the upstream's state), then `event: position` (VesselState) for every vessel in scope, then every change, " +
              "with ids `<epoch>-<seq>`; Last-Event-ID of the current epoch sends only what changed, another epoch gets `event: reset` and a fresh snapshot. " +
              "Also `event: remove` {mmsi}, `event: access-revoked`, `event: session-expired`, and `: hb` comments.";

    public Task StreamAsync(HttpContext context, VesselScope scope) =>
        writer.RunAsync(context, hub.Subscribe(scope, context.User, SseResponseWriter.LastEventId(context)), log: null, hub.Unsubscribe);
}
