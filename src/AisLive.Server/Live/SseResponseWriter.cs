using System.Buffers;
using AisLive.Server.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Live;

/// <summary>
/// The one writer loop of an SSE connection: it alone writes to the response, draining the subscriber's
/// queue whenever the doorbell rings. Heartbeats are queued by a timer like any other event, so they
/// never race a data write. Ends when the client goes, the app stops, the caller's token expires, the
/// client falls too far behind, or the server ends the stream (access revoked).
/// </summary>
public sealed class SseResponseWriter(LiveHub hub, LiveMetrics metrics, IOptions<LiveOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, IStreamWatchers watchers)
{
    private static readonly byte[] SessionExpired = "event: session-expired\ndata: {}\n\n"u8.ToArray();
    private readonly SseEvent _heartbeat = SseEvent.Heartbeat(options.Value.HeartbeatInterval);
    private static readonly byte[] Unavailable = "event: unavailable\ndata: {\"reason\":\"the alert store is not reachable; retrying\"}\n\n"u8.ToArray();

    /// <summary>A position stream (vessel or fleet) of the live hub.</summary>
    public async Task StreamAsync(HttpContext context, StreamScope scope)
    {
        var lastEventId = LastEventId(context);
        var subscriber = hub.Subscribe(scope, context.User, lastEventId);
        try
        {
            await RunAsync(context, subscriber);
        }
        finally
        {
            hub.Unsubscribe(subscriber);
        }
    }

    /// <summary>The <c>Last-Event-ID</c> header, or the <c>lastEventId</c> query parameter (for clients that cannot set headers).</summary>
    public static string? LastEventId(HttpContext context) =>
        context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? context.Request.Query["lastEventId"].FirstOrDefault();

    /// <summary>
    /// Runs the writer loop for an already registered subscriber. With a durable <paramref name="log"/> (alerts),
    /// the stream starts from the log (snapshot or replay), pages the log whenever the subscriber is behind, and
    /// skips queued events it already wrote from the log, so each event goes out once and in log order. When the
    /// log cannot be read, the client gets <c>event: unavailable</c> and a <c>retry:</c>, and comes back with its
    /// last id.
    /// </summary>
    /// <summary>A long batch (a slow client's backlog, a snapshot) goes out in pieces of about this size.</summary>
    private const int FlushAtBytes = 64 * 1024;

    public async Task RunAsync(HttpContext context, StreamSubscriber subscriber, IDurableEventLog? log = null)
    {
        var settings = options.Value;
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers.ContentEncoding = "identity";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // The stream ends when the client goes, the app stops, or the caller's token expires.
        using var expiry = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        if (context.User.ExpiresAt() is { } expiresAt)
        {
            expiry.CancelAfter(expiresAt - time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping, expiry.Token);
        var cancellationToken = stopping.Token;
        using var heartbeat = time.CreateTimer(_ => subscriber.Offer(_heartbeat), null, settings.HeartbeatInterval, settings.HeartbeatInterval);
        using var watching = watchers.Watch(context.User, subscriber.Scope); // presence: who has which stream open
        long lastDurable = 0;
        try
        {
            await response.Body.WriteAsync(SseEvent.Retry(settings.ClientRetry).Bytes, cancellationToken);
            await response.Body.WriteAsync(_heartbeat.Bytes, cancellationToken); // says the heartbeat interval at once: a busy stream may not send another soon
            await response.Body.FlushAsync(cancellationToken);
            if (log is not null)
            {
                var start = await log.StartAsync(cancellationToken);
                foreach (var evt in start.Snapshot)
                {
                    await response.Body.WriteAsync(evt.Bytes, cancellationToken);
                    metrics.Written(evt);
                }

                lastDurable = start.Position;
                if (start.Replay)
                {
                    subscriber.MarkBehind();
                }

                await response.Body.FlushAsync(cancellationToken);
            }

            var batch = new List<SseEvent>();
            while (await subscriber.Doorbell.WaitToReadAsync(cancellationToken))
            {
                subscriber.Doorbell.TryRead(out _);
                if (log is not null && subscriber.TakeBehind())
                {
                    lastDurable = await CatchUpAsync(response, log, lastDurable, cancellationToken);
                }

                if (subscriber.Overflowed)
                {
                    // Too far behind to catch up: tell the browser to come back shortly, when it will get a
                    // fresh snapshot (positions) or a replay from its last id (alerts) instead of a backlog.
                    metrics.SlowClientCut();
                    await response.Body.WriteAsync(SseEvent.Retry(settings.ClientRetry).Bytes, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    return;
                }

                // The batch goes into the response's pipe and out in one flush (a write per event would flush, and
                // so send, each on its own): fewer, larger writes for a busy stream, the same for a quiet one.
                subscriber.DrainTo(batch);
                var unflushed = 0;
                foreach (var evt in batch)
                {
                    if (evt.Durable)
                    {
                        if (evt.Sequence <= lastDurable)
                        {
                            continue; // already sent by the replay
                        }

                        lastDurable = evt.Sequence;
                    }

                    response.BodyWriter.Write(evt.Bytes.Span);
                    metrics.Written(evt);
                    unflushed += evt.Bytes.Length;
                    if (unflushed >= FlushAtBytes)
                    {
                        await response.BodyWriter.FlushAsync(cancellationToken);
                        unflushed = 0;
                    }
                }

                batch.Clear();
                if (subscriber.Ending is { } last)
                {
                    await response.Body.WriteAsync(last.Bytes, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    return; // the server ended this stream: access revoked or fleet deleted
                }

                await response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (DurableLogUnavailableException)
        {
            // Say so rather than fail opaquely: the client waits the retry and resumes from its last id.
            await response.Body.WriteAsync(SseEvent.Retry(settings.ClientRetry).Bytes, cancellationToken);
            await response.Body.WriteAsync(Unavailable, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // Tell the page why, so it signs in again rather than reconnecting with a dead token.
            await response.Body.WriteAsync(SessionExpired, context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left or the app is stopping: the stream simply ends.
        }
    }

    /// <summary>Writes the log from <paramref name="position"/> to its end, a page at a time, each page flushed before the next is read.</summary>
    private async Task<long> CatchUpAsync(HttpResponse response, IDurableEventLog log, long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await log.PageAfterAsync(position, cancellationToken);
            foreach (var evt in page.Events)
            {
                await response.Body.WriteAsync(evt.Bytes, cancellationToken);
                metrics.Written(evt);
                position = evt.Sequence;
            }

            await response.Body.FlushAsync(cancellationToken);
            if (page.Complete)
            {
                return position;
            }
        }
    }
}
