using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using AisLive.Server.Pipeline;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Ingest.AisStream;

/// <summary>
/// The AISStream.io websocket client on <see cref="ClientWebSocket"/>: a fresh socket per attempt with a
/// connect timeout, the subscription sent at once on every connect, frames read whole into a pooled buffer
/// and handed to the raw channel unparsed, websocket keep-alive with a pong timeout, a no-message
/// watchdog, backoff with jitter (reset after a healthy session) and long cooldowns after 429 or a rejected
/// key. Sessions run one after another, so there are never two upstream connections.
/// </summary>
public sealed partial class AisStreamSource(IOptions<AisStreamOptions> options, FeedStatus status, TimeProvider time, ILogger<AisStreamSource> logger) : IAisSource
{
    public string Name => "aisstream";

    public Task RunAsync(ChannelWriter<RawFrame> output, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        status.Source = Name;
        return ReconnectLoop.RunAsync(
            settings,
            (settings.RateLimitCooldown, settings.AuthErrorCooldown),
            status,
            time,
            token => RunSessionAsync(settings, output, token),
            (outcome, delay) => Log.Reconnecting(logger, outcome.Reason, outcome.Error ?? "-", delay),
            cancellationToken);
    }

    private async Task<SessionOutcome> RunSessionAsync(AisStreamOptions settings, ChannelWriter<RawFrame> output, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = settings.KeepAliveInterval;
        socket.Options.KeepAliveTimeout = settings.KeepAliveTimeout;
        socket.Options.CollectHttpResponseDetails = true;

        if (await ConnectAsync(socket, settings, cancellationToken) is { } failed)
        {
            return failed;
        }

        var session = new SessionWatch(time);
        using var watchdog = time.CreateTimer(
            _ =>
            {
                if (session.SilentFor() > settings.StallTimeout && session.MarkStalled())
                {
                    status.SetState(FeedState.Stalled);
                    socket.Abort(); // the receive below fails and the session ends as "stalled"
                }
            },
            null,
            WatchdogPeriod(settings.StallTimeout),
            WatchdogPeriod(settings.StallTimeout));

        try
        {
            // AISStream closes a connection that has not subscribed within 3 s: send it first thing.
            using var subscribeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            subscribeTimeout.CancelAfter(TimeSpan.FromSeconds(3));
            await socket.SendAsync(SubscriptionMessage.Create(settings), WebSocketMessageType.Text, endOfMessage: true, subscribeTimeout.Token);
            var (host, boxes) = (settings.Url.Host, Math.Max(1, settings.BoundingBoxes.Count));
            Log.Subscribed(logger, host, boxes);
            return await ReceiveAsync(socket, session, settings, output, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return session.Stalled
                ? new SessionOutcome("stalled", UpstreamErrorKind.Transient, $"no message for {settings.StallTimeout}", session.WasHealthy(settings.HealthySession))
                : new SessionOutcome("aborted", UpstreamErrorKind.Transient, ex.Message, session.WasHealthy(settings.HealthySession));
        }
    }

    private static async Task<SessionOutcome?> ConnectAsync(ClientWebSocket socket, AisStreamOptions settings, CancellationToken cancellationToken)
    {
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(settings.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(settings.Url, connectTimeout.Token);
            return null;
        }
        catch (WebSocketException ex) when (socket.HttpStatusCode == HttpStatusCode.TooManyRequests)
        {
            return new SessionOutcome("rate-limited", UpstreamErrorKind.RateLimited, "HTTP 429 at the handshake: " + ex.Message, false);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
        {
            var code = socket.HttpStatusCode is 0 ? string.Empty : $"HTTP {(int)socket.HttpStatusCode}: ";
            return new SessionOutcome("connect-failed", UpstreamErrorKind.Transient, code + ex.Message, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SessionOutcome("connect-timeout", UpstreamErrorKind.Transient, $"no connection within {settings.ConnectTimeout}", false);
        }
    }

    private async Task<SessionOutcome> ReceiveAsync(ClientWebSocket socket, SessionWatch session, AisStreamOptions settings, ChannelWriter<RawFrame> output, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var count = 0;
        var skipping = false;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length >= settings.MaxFrameBytes)
                    {
                        skipping = true; // too large: read the rest of this frame into the same space and drop it
                        count = 0;
                    }
                    else
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var description = $"closed by the server: {(int?)socket.CloseStatus} {socket.CloseStatusDescription}".TrimEnd();
                    return new SessionOutcome("closed", UpstreamErrorKind.Transient, description, session.WasHealthy(settings.HealthySession));
                }

                count += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (skipping)
                {
                    skipping = false;
                    count = 0;
                    status.Error($"skipped a frame larger than AisStream:MaxFrameBytes ({settings.MaxFrameBytes})");
                    continue;
                }

                session.MessageArrived();
                var frame = buffer.AsSpan(0, count).ToArray();
                count = 0;
                if (UpstreamError.ErrorText(frame) is { } error)
                {
                    return new SessionOutcome("error-frame", UpstreamError.Classify(error), "upstream said: " + error, session.WasHealthy(settings.HealthySession));
                }

                status.MessageReceived();
                await output.WriteAsync(new RawFrame(frame, time.GetUtcNow(), time.GetTimestamp()), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TimeSpan WatchdogPeriod(TimeSpan stallTimeout) => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, Math.Min(stallTimeout.Ticks / 4, TimeSpan.TicksPerSecond)));

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Subscribed to AISStream at {Host} with {Boxes} bounding box(es)")]
        public static partial void Subscribed(ILogger logger, string host, int boxes);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "AISStream session ended ({Reason}: {Detail}); reconnecting in {Delay}")]
        public static partial void Reconnecting(ILogger logger, string reason, string detail, TimeSpan delay);
    }
}
