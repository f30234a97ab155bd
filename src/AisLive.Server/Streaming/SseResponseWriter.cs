using System.Buffers;
using System.IO.Pipelines;
using AisLive.Server.Security;
using AisLive.Server.Streaming.Handoff;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Streaming;

/// <summary>
/// The one writer loop of an SSE connection: it alone writes to the response, draining the subscriber's
/// queue whenever the doorbell rings. Heartbeats are queued (<see cref="HeartbeatTimer"/>) like any other event, so they
/// never race a data write. Ends when the client goes, the app stops, the caller's token expires, the
/// client falls too far behind, or the server ends the stream (access revoked). Once the response's headers are out,
/// the loop is handed off (<see cref="IResponseHandoffFeature"/>) where the connection allows it: it then writes
/// straight to the connection, and the request, with everything ASP.NET Core holds for it, ends.
/// </summary>
public sealed class SseResponseWriter(
    StreamMetrics metrics, IOptions<StreamOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, IEnumerable<IStreamWatchers> watchers, HeartbeatTimer heartbeats)
{
    /// <summary>The longest a <see cref="CancellationTokenSource"/> timer may run (uint.MaxValue - 1 milliseconds).</summary>
    public static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private static readonly byte[] SessionExpired = "event: session-expired\ndata: {}\n\n"u8.ToArray();
    private readonly IStreamWatchers[] _watchers = [.. watchers];

    /// <summary>A long batch (a slow client's backlog, a snapshot) goes out in pieces of about this size.</summary>
    private const int FlushAtBytes = 64 * 1024;

    /// <summary>The <c>Last-Event-ID</c> header, or the <c>lastEventId</c> query parameter (for clients that cannot set headers).</summary>
    public static string? LastEventId(HttpContext context) =>
        context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? context.Request.Query["lastEventId"].FirstOrDefault();

    /// <summary>
    /// Runs the stream of an already registered subscriber, and calls <paramref name="unsubscribe"/> with it once the
    /// stream has ended, which may be after this returns (a handed-off stream). With a durable <paramref name="log"/> (alerts),
    /// the stream starts from the log (snapshot or replay), pages the log whenever the subscriber is behind, and
    /// skips queued events it already wrote from the log, so each event goes out once and in log order. When the
    /// log cannot be read, the client gets <c>event: unavailable</c> and a <c>retry:</c>, and comes back with its
    /// last id.
    /// </summary>
    public async Task RunAsync(HttpContext context, StreamSubscriber subscriber, IDurableEventLog? log, Action<StreamSubscriber> unsubscribe)
    {
        var quota = StreamQuota.Take(context); // the caller's share of open streams, held until the stream ends
        var started = false;
        try
        {
            var response = context.Response;
            response.Headers.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            response.Headers.ContentEncoding = "identity";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

            // The headers and the first words go out at once: the client knows it is connected, and the heartbeat says
            // its interval (a busy stream may not send another soon).
            response.BodyWriter.Write(SseEvent.Retry(options.Value.ClientRetry).Bytes.Span);
            response.BodyWriter.Write(heartbeats.Event.Bytes.Span);
            await response.BodyWriter.FlushAsync(context.RequestAborted);

            started = true; // from here the body releases the subscriber and the quota, wherever it runs
            var body = Body(subscriber, log, unsubscribe, quota);
            if (options.Value.HandOffStreams && context.Features.Get<IResponseHandoffFeature>() is { } handoff && handoff.TryHandOff(context, body))
            {
                return;
            }

            await body(response.BodyWriter, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client left before the stream began
        }
        finally
        {
            if (!started)
            {
                quota?.Dispose();
                unsubscribe(subscriber);
            }
        }
    }

    /// <summary>The stream's body as a function of where it is written; it holds nothing of the request.</summary>
    private Func<PipeWriter, CancellationToken, Task> Body(StreamSubscriber subscriber, IDurableEventLog? log, Action<StreamSubscriber> unsubscribe, IDisposable? quota) =>
        (body, clientGone) => WriteBodyAsync(body, subscriber, log, unsubscribe, quota, clientGone);

    private async Task WriteBodyAsync(PipeWriter body, StreamSubscriber subscriber, IDurableEventLog? log, Action<StreamSubscriber> unsubscribe, IDisposable? quota, CancellationToken clientGone)
    {
        var settings = options.Value;

        // One source for every way the stream ends: the client goes, the app stops, or the caller's token expires (on
        // the injected clock). One source rather than one linked to three saves about 250 B per open stream.
        using var ending = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var onClientGone = clientGone.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), ending);
        using var onStopping = lifetime.ApplicationStopping.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), ending);
        if (subscriber.User.ExpiresAt() is { } expiresAt)
        {
            // A timer runs for at most MaxTimer (49.7 days); a token valid longer ends its stream then and the client
            // reconnects with it. Past the range CancelAfter would throw, before the try below that gives the quota back.
            ending.CancelAfter(TimeSpan.FromTicks(Math.Clamp((expiresAt - time.GetUtcNow()).Ticks, 0, MaxTimer.Ticks)));
        }

        var cancellationToken = ending.Token;
        using var heartbeat = heartbeats.Add(subscriber);
        var watching = Array.ConvertAll(_watchers, w => w.Watch(subscriber.User, subscriber.Scope)); // presence: who has which stream open
        long lastDurable = 0;
        try
        {
            if (log is not null)
            {
                var start = await log.StartAsync(cancellationToken);
                foreach (var evt in start.Snapshot)
                {
                    body.Write(evt.Bytes.Span);
                    metrics.Written(evt);
                }

                lastDurable = start.Position;
                if (start.Replay)
                {
                    subscriber.MarkBehind();
                }

                await body.FlushAsync(cancellationToken);
            }

            var batch = new List<SseEvent>();
            while (await subscriber.Doorbell.WaitAsync(cancellationToken))
            {
                if (log is not null && subscriber.TakeBehind())
                {
                    lastDurable = await CatchUpAsync(body, log, lastDurable, cancellationToken);
                }

                if (subscriber.Overflowed)
                {
                    // Too far behind to catch up: tell the browser to come back shortly, when it will get a
                    // fresh snapshot (positions) or a replay from its last id (alerts) instead of a backlog.
                    metrics.SlowClientCut();
                    body.Write(SseEvent.Retry(settings.ClientRetry).Bytes.Span);
                    await body.FlushAsync(cancellationToken);
                    return;
                }

                // The batch goes into the body's pipe and out in one flush (a write per event would flush, and
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

                    body.Write(evt.Bytes.Span);
                    metrics.Written(evt);
                    unflushed += evt.Bytes.Length;
                    if (unflushed >= FlushAtBytes)
                    {
                        await body.FlushAsync(cancellationToken);
                        unflushed = 0;
                    }
                }

                batch.Clear();
                if (subscriber.Ending is { } last)
                {
                    body.Write(last.Bytes.Span);
                    await body.FlushAsync(cancellationToken);
                    return; // the server ended this stream: access revoked or fleet deleted
                }

                await body.FlushAsync(cancellationToken);
            }
        }
        catch (DurableLogUnavailableException ex)
        {
            // Say so rather than fail opaquely: the client waits the retry and resumes from its last id.
            body.Write(SseEvent.Retry(settings.ClientRetry).Bytes.Span);
            body.Write(SseEvent.Data("unavailable", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new UnavailableBody(ex.Reason + "; retrying"), StreamJsonContext.Default.UnavailableBody)).Bytes.Span);
            await body.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !clientGone.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested
            && subscriber.User.ExpiresAt() <= time.GetUtcNow())
        {
            // Tell the page why, so it signs in again rather than reconnecting with a dead token.
            body.Write(SessionExpired);
            await body.FlushAsync(clientGone);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left or the app is stopping: the stream simply ends.
        }
        finally
        {
            quota?.Dispose(); // before the stream stops being counted, so that a count of open streams never overstates the quota left
            unsubscribe(subscriber);
            foreach (var lease in watching)
            {
                lease.Dispose();
            }
        }
    }

    /// <summary>Writes the log from <paramref name="position"/> to its end, a page at a time, each page flushed before the next is read.</summary>
    private async Task<long> CatchUpAsync(PipeWriter body, IDurableEventLog log, long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await log.PageAfterAsync(position, cancellationToken);
            foreach (var evt in page.Events)
            {
                body.Write(evt.Bytes.Span);
                metrics.Written(evt);
                position = evt.Sequence;
            }

            await body.FlushAsync(cancellationToken);
            if (page.Complete)
            {
                return position;
            }
        }
    }
}

/// <summary>The data of <c>event: unavailable</c>.</summary>
public sealed record UnavailableBody(string Reason);

[System.Text.Json.Serialization.JsonSerializable(typeof(UnavailableBody))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
internal sealed partial class StreamJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
