using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AisLive.Server.Tests.Infrastructure;

/// <summary>
/// A webhook receiver that answers with raw bytes, for responses no well-behaved server sends: one scripted answer
/// per connection (then the connection is closed), and a proper 200 once the script is used up.
/// </summary>
public sealed class RawHttpReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Queue<string> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private RawHttpReceiver(IEnumerable<string> script)
    {
        _script = new Queue<string>(script);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook");
        _accepting = AcceptAsync();
    }

    public Uri Url { get; }

    public static Task<RawHttpReceiver> StartAsync(params string[] script) => Task.FromResult(new RawHttpReceiver(script));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose(); // stops listening
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            await ReadRequestAsync(stream, _stop.Token);
            var answer = _script.Count > 0 ? _script.Dequeue() : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
        }
    }

    /// <summary>Reads the request's headers and its Content-Length of body.</summary>
    private static async Task ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var read = 0;
        while (true)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return;
            }

            read += n;
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var length = text.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } header
                ? int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
                : 0;
            if (read >= end + 4 + length)
            {
                return;
            }
        }
    }
}
