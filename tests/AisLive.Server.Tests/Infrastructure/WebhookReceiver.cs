using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AisLive.Server.Tests.Infrastructure;

/// <summary>One request a <see cref="WebhookReceiver"/> got: the three Standard Webhooks headers and the raw body.</summary>
public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, string Body, DateTimeOffset At);

/// <summary>
/// A real HTTP endpoint on Kestrel, port 0, standing in for a chat room or an incident tool: it records every POST
/// and answers with the next status code of its script (200 once the script is used up).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    // Bounded like every channel: a test reads what it expects long before this fills, and a flood would wait here.
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateBounded<ReceivedWebhook>(1000);
    private readonly Queue<int> _script;

    private WebhookReceiver(WebApplication app, Queue<int> script)
    {
        _app = app;
        _script = script;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Starts a receiver answering <paramref name="statusCodes"/> in turn, then 200.</summary>
    public static async Task<WebhookReceiver> StartAsync(params int[] statusCodes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Queue<int>(statusCodes));
        app.MapPost("/hook", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    /// <summary>The next request, in arrival order.</summary>
    public async Task<ReceivedWebhook> NextAsync(TimeSpan? timeout = null) =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        int status;
        lock (_script)
        {
            status = _script.Count > 0 ? _script.Dequeue() : 200;
        }

        await _received.Writer.WriteAsync(new ReceivedWebhook(
            context.Request.Headers["webhook-id"], context.Request.Headers["webhook-timestamp"], context.Request.Headers["webhook-signature"], body, DateTimeOffset.UtcNow));
        return Results.Text($"answered {status}", statusCode: status);
    }
}

/// <summary>An endpoint that accepts TCP connections and never says a word: the worst webhook receiver there is.</summary>
public sealed class SilentEndpoint : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SilentEndpoint()
    {
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook");
        _ = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>Completes when the first connection is accepted (a sender is waiting on it).</summary>
    public Task Connected => _connected.Task;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose(); // stops listening
        lock (_accepted)
        {
            _accepted.ForEach(s => s.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }

                _connected.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }
}
