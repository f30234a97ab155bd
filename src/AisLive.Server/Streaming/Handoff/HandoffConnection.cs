using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AisLive.Server.Streaming.Handoff;

/// <summary>
/// One connection's hand-off (<see cref="IResponseHandoffFeature"/>), as connection middleware in front of Kestrel's
/// HTTP code. Kestrel reads and writes through <see cref="HttpSideTransport"/>; a request that hands off its response
/// closes that, so Kestrel ends the request and its connection processing, and this middleware then runs the body on
/// the real connection. Kestrel's heartbeat goes through here too: its HTTP code registers a callback for its request
/// timeouts that would otherwise hold all of that code's state for the life of the connection.
/// </summary>
internal sealed partial class HandoffConnection : IResponseHandoffFeature, IConnectionHeartbeatFeature
{
    private readonly ConnectionContext _connection;
    private readonly IDuplexPipe _transport;
    private readonly HttpSideTransport _httpSide;
    private readonly IConnectionHeartbeatFeature? _heartbeat;
    private readonly bool _tlsOutside; // TLS ended before this layer: what passes here is plain text even on HTTPS
    private readonly Lock _gate = new();
    private List<(Action<object> Callback, object State)>? _onHeartbeat;
    private Func<PipeWriter, CancellationToken, Task>? _body;

    private HandoffConnection(ConnectionContext connection)
    {
        _connection = connection;
        _transport = connection.Transport;
        _httpSide = new HttpSideTransport(connection.Transport);
        _heartbeat = connection.Features.Get<IConnectionHeartbeatFeature>();
        _tlsOutside = connection.Features.Get<ITlsHandshakeFeature>() is not null;
    }

    /// <summary>The connection middleware: add with <c>ListenOptions.Use</c>.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(MinDataRate? minimumResponseRate, ILogger logger) =>
        next => connection => new HandoffConnection(connection).RunAsync(next, minimumResponseRate, logger);

    public bool TryHandOff(HttpContext context, Func<PipeWriter, CancellationToken, Task> body)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !HttpProtocol.IsHttp11(context.Request.Protocol)
            || (context.Features.Get<ITlsConnectionFeature>() is not null && !_tlsOutside) // TLS inside: this layer sees ciphertext
            || !context.Response.HasStarted
            || !string.Equals(context.Response.Headers.TransferEncoding, "chunked", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        lock (_gate)
        {
            if (_body is not null)
            {
                return false;
            }

            _body = body;
            _onHeartbeat = null; // Kestrel's request timeouts: the request ends now
        }

        _httpSide.Close();
        return true;
    }

    public void OnHeartbeat(Action<object> action, object state)
    {
        lock (_gate)
        {
            if (_body is not null)
            {
                return; // handed off: Kestrel's HTTP code has nothing left to time
            }

            if (_onHeartbeat is null)
            {
                _heartbeat?.OnHeartbeat(static self => ((HandoffConnection)self).Beat(), this); // once, forwarding to ours
            }

            (_onHeartbeat ??= []).Add((action, state));
        }
    }

    private async Task RunAsync(ConnectionDelegate http, MinDataRate? minimumResponseRate, ILogger logger)
    {
        _connection.Transport = _httpSide;
        _connection.Features.Set<IResponseHandoffFeature>(this);
        _connection.Features.Set<IConnectionHeartbeatFeature>(this);
        try
        {
            await http(_connection);
        }
        finally
        {
            // A body handed over always runs, even if Kestrel's side failed after: it is what releases the stream.
            if (_body is { } body)
            {
                await WriteBodyAsync(body, minimumResponseRate, logger);
            }
        }
    }

    private async Task WriteBodyAsync(Func<PipeWriter, CancellationToken, Task> body, MinDataRate? minimumResponseRate, ILogger logger)
    {
        // Kestrel is done with the connection and holds nothing of the request: the body is ours to write.
        _connection.Transport = _transport;
        _connection.Features.Set<IResponseHandoffFeature>(null);
        var writer = new ChunkedBodyWriter(_connection, minimumResponseRate);
        try
        {
            await body(writer, _connection.ConnectionClosed);
            if (!_connection.ConnectionClosed.IsCancellationRequested)
            {
                await writer.CompleteAsync();
                await _transport.Output.FlushAsync(_connection.ConnectionClosed);
            }
        }
        catch (OperationCanceledException) when (_connection.ConnectionClosed.IsCancellationRequested)
        {
            // the client went
        }
#pragma warning disable CA1031 // The top of a handed-off body: the request is over, so nothing above would see the failure.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The request is long over, so nothing above this logs it: say so, and end the connection.
            Log.BodyFailed(logger, _connection.ConnectionId, ex);
            await writer.CompleteAsync(ex);
            _connection.Abort(new ConnectionAbortedException("The handed-off response failed.", ex));
        }
    }

    private void Beat()
    {
        lock (_gate) // as Kestrel's own heartbeat does: callbacks are registered once, at the start, and are short
        {
            foreach (var (callback, state) in _onHeartbeat ?? [])
            {
                callback(state);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "The handed-off response on connection {ConnectionId} failed")]
        public static partial void BodyFailed(ILogger logger, string connectionId, Exception exception);
    }
}
