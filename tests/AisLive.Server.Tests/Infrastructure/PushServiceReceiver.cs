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

/// <summary>One push a <see cref="PushServiceReceiver"/> got: its RFC 8030 headers and the encrypted body.</summary>
public sealed record ReceivedPush(string Path, string? Authorization, string? Ttl, string? Topic, string? Urgency, string? ContentEncoding, byte[] Body);

/// <summary>A real HTTP push service on Kestrel, port 0: records every push and answers the next status of its script (201 after).</summary>
public sealed class PushServiceReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedPush> _received = Channel.CreateBounded<ReceivedPush>(1000);
    private readonly Queue<int> _script;

    private PushServiceReceiver(WebApplication app, Queue<int> script)
    {
        _app = app;
        _script = script;
    }

    public Uri Url { get; private set; } = null!;

    public static async Task<PushServiceReceiver> StartAsync(params int[] statusCodes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new PushServiceReceiver(app, new Queue<int>(statusCodes));
        app.MapPost("/push/{id}", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return receiver;
    }

    public async Task<ReceivedPush> NextAsync(TimeSpan? timeout = null) =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        int status;
        lock (_script)
        {
            status = _script.Count > 0 ? _script.Dequeue() : 201;
        }

        var headers = context.Request.Headers;
        await _received.Writer.WriteAsync(new ReceivedPush(context.Request.Path, headers.Authorization, headers["TTL"], headers["Topic"], headers["Urgency"], headers.ContentEncoding, body.ToArray()));
        return Results.StatusCode(status);
    }
}
