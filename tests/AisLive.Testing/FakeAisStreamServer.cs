using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AisLive.Testing;

/// <summary>
/// A stand-in for stream.aisstream.io on Kestrel, port 0, that behaves like the real one: it closes a
/// connection that does not subscribe within 3 s, answers a bad key with <c>{"error":"Api Key Is Not Valid"}</c>
/// and drops it, sends binary frames (fragmented on request), and can be told to refuse handshakes with a
/// status code, stall, abort the TCP connection, close, or drop a reader that does not keep up.
/// </summary>
public sealed class FakeAisStreamServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _refusals = new();
    private readonly Channel<FakeSession> _sessions = Channel.CreateBounded<FakeSession>(64);

    private FakeAisStreamServer(WebApplication app, string apiKey)
    {
        _app = app;
        ApiKey = apiKey;
    }

    public string ApiKey { get; }

    public Uri Url { get; private set; } = null!;

    /// <summary>Every handshake: when, and the HTTP status it got (101 = accepted).</summary>
    public ConcurrentQueue<(DateTimeOffset At, int Status)> Handshakes { get; } = new();

    /// <summary>Send a <c>SubscriptionConfirmation</c> frame after each subscription (the service began doing so in 2026).</summary>
    public bool ConfirmSubscriptions { get; set; }

    /// <summary>A send that takes longer than this drops the reader, as the real service does with slow clients.</summary>
    public TimeSpan SlowReaderTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public static async Task<FakeAisStreamServer> StartAsync(string apiKey = "test-key")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeAisStreamServer(app, apiKey);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Map("/v0/stream", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.Url = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/v0/stream");
        return server;
    }

    /// <summary>The next <paramref name="times"/> handshakes are answered with <paramref name="status"/> (429, 503...).</summary>
    public void RefuseNext(int status, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _refusals.Enqueue(status);
        }
    }

    /// <summary>Waits for the next client that subscribed with the right key.</summary>
    public async Task<FakeSession> NextSessionAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await _sessions.Reader.ReadAsync(cts.Token);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (_refusals.TryDequeue(out var status))
        {
            Handshakes.Enqueue((DateTimeOffset.UtcNow, status));
            context.Response.StatusCode = status;
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        Handshakes.Enqueue((DateTimeOffset.UtcNow, 101));
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var subscription = await ReceiveSubscriptionAsync(socket);
        if (subscription is null)
        {
            await CloseQuietly(socket, WebSocketCloseStatus.PolicyViolation, "no subscription within 3 seconds");
            return;
        }

        if (JsonNode.Parse(subscription)?["APIKey"]?.GetValue<string>() != ApiKey)
        {
            // The error frame, then the connection goes (after the frame is flushed, so it is not lost to a reset).
            await socket.SendAsync("""{"error": "Api Key Is Not Valid"}"""u8.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
            await CloseQuietly(socket, WebSocketCloseStatus.PolicyViolation, string.Empty);
            return;
        }

        var session = new FakeSession(socket, subscription, SlowReaderTimeout, context.Abort);
        if (ConfirmSubscriptions)
        {
            await session.SendAsync("""{"MessageType": "SubscriptionConfirmation", "Message": {"CompressionEnabled": true}}"""u8.ToArray());
        }

        await _sessions.Writer.WriteAsync(session);
        await session.RunAsync();
    }

    private static async Task<string?> ReceiveSubscriptionAsync(WebSocket socket)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var buffer = new byte[8192];
        var count = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(count), deadline.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                count += result.Count;
                if (result.EndOfMessage)
                {
                    return Encoding.UTF8.GetString(buffer, 0, count);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task CloseQuietly(WebSocket socket, WebSocketCloseStatus status, string description)
    {
        try
        {
            await socket.CloseOutputAsync(status, description, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // the client went first
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One subscribed client connection, driven by the test.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Its send gate is a SemaphoreSlim whose wait handle is never asked for: it holds nothing to release, and tests keep sessions past their end.")]
public sealed class FakeSession(WebSocket socket, string subscription, TimeSpan slowReaderTimeout, Action abortConnection)
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    public string Subscription { get; } = subscription;

    public Task Ended => _ended.Task;

    /// <summary>Sends one binary frame, split into websocket fragments of <paramref name="fragmentSize"/> bytes when given.</summary>
    public async Task SendAsync(byte[] frame, int fragmentSize = 0)
    {
        await _sendGate.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(slowReaderTimeout);
            var size = fragmentSize > 0 ? fragmentSize : frame.Length;
            for (var offset = 0; offset < frame.Length; offset += size)
            {
                var length = Math.Min(size, frame.Length - offset);
                await socket.SendAsync(frame.AsMemory(offset, length), WebSocketMessageType.Binary, offset + length >= frame.Length, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            Abort(); // a reader this slow is dropped
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close handshake.</summary>
    public void Abort()
    {
        try
        {
            abortConnection();
        }
        catch (ObjectDisposedException)
        {
            // the session had already ended (the client's watchdog closed it first, on a busy machine): aborted either way
        }

        socket.Abort();
    }

    public async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        await _sendGate.WaitAsync();
        try
        {
            await socket.CloseOutputAsync(status, description, CancellationToken.None);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Keeps a receive pending (so pings are answered) until the client or the test ends the session.</summary>
    public async Task RunAsync()
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ConnectionAbortedException)
        {
            // aborted by either side
        }
        finally
        {
            _ended.TrySetResult();
        }
    }
}
