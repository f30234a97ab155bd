using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AisLive.Testing;

/// <summary>
/// A loopback TCP proxy that a test can cut and restore, to give one service instance a real outage of a
/// dependency (connections reset, new ones refused) without stopping the dependency for everyone else.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private TcpListener? _listener;
    private CancellationTokenSource _accepting = new();
    private Task _acceptLoop = Task.CompletedTask;

    public TcpFaultProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        Listen(0);
    }

    public int Port { get; private set; }

    public bool IsCut => _listener is null;

    /// <summary>Resets every proxied connection and refuses new ones, as a stopped server would.</summary>
    public async Task CutAsync()
    {
        await _accepting.CancelAsync();
        _listener?.Dispose(); // stops listening, as Stop does
        _listener = null;
        foreach (var connection in _connections.Keys)
        {
            try
            {
                // RST, like a dead peer. A pump may have closed this connection a moment ago: then it is gone already.
                if (connection.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
            }
            catch (ObjectDisposedException)
            {
            }

            connection.Dispose();
        }

        _connections.Clear();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Accepts connections again, on the same port.</summary>
    public void Restore() => Listen(Port);

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _accepting = new CancellationTokenSource();
        _acceptLoop = AcceptAsync(listener, _accepting.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var inbound = await listener.AcceptTcpClientAsync(cancellationToken);
                var outbound = new TcpClient();
                try
                {
                    await outbound.ConnectAsync(_targetHost, _targetPort, cancellationToken);
                }
                catch (SocketException)
                {
                    inbound.Dispose();
                    outbound.Dispose();
                    continue;
                }

                _connections[inbound] = 0;
                _connections[outbound] = 0;
                _ = PumpAsync(inbound, outbound); // each pair ends when either side closes or the proxy is cut
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // cut
        }
    }

    private async Task PumpAsync(TcpClient a, TcpClient b)
    {
        try
        {
            await Task.WhenAny(a.GetStream().CopyToAsync(b.GetStream()), b.GetStream().CopyToAsync(a.GetStream()));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // a side went away
        }
        finally
        {
            _connections.TryRemove(a, out _);
            _connections.TryRemove(b, out _);
            a.Dispose();
            b.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CutAsync();
        _accepting.Dispose();
    }
}
