using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AisLive.Testing;

/// <summary>
/// A private <c>nats-server -js</c> for one test: its own free port and store, killed and deleted with it. The binary
/// is Debian's (<c>scripts/aislive</c> installs it and passes its path in <c>AISLIVE_TEST_NATS</c>).
/// </summary>
public sealed class NatsServer : IDisposable
{
    private readonly string _store;
    private readonly int _port;
    private readonly string[] _clusterArguments;
    private Process _process;
    private bool _stopped;

    private NatsServer(Process process, string store, int port, string name, string[] clusterArguments)
    {
        _process = process;
        _store = store;
        _port = port;
        _clusterArguments = clusterArguments;
        Name = name;
        Url = $"nats://127.0.0.1:{port}";
    }

    public string Url { get; }

    /// <summary>The server's name (JetStream names a stream's leader by it).</summary>
    public string Name { get; }

    public static async Task<NatsServer> StartAsync()
    {
        var store = NewStore();
        var port = FreePort();
        return new NatsServer(await LaunchAsync(store, port, "solo", []), store, port, "solo", []);
    }

    /// <summary>
    /// <paramref name="count"/> servers clustered with routes between them, JetStream on each (what
    /// <c>scripts/aislive nats-start --cluster 3</c> runs): a stream with three replicas survives the loss of one.
    /// </summary>
    public static async Task<NatsServer[]> StartClusterAsync(int count)
    {
        var routes = Enumerable.Range(0, count).Select(_ => FreePort()).ToArray();
        var routeList = string.Join(',', routes.Select(p => $"nats://127.0.0.1:{p}"));
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var (store, port, name) = (NewStore(), FreePort(), $"aislive-{i + 1}");
            string[] cluster = ["--cluster_name", "aislive", "--cluster", $"nats://127.0.0.1:{routes[i]}", "--routes", routeList];
            return new NatsServer(await LaunchAsync(store, port, name, cluster), store, port, name, cluster);
        }));
    }

    /// <summary>The URL a client of these servers is given: all of them, so it fails over.</summary>
    public static string UrlOf(IEnumerable<NatsServer> servers) => string.Join(',', servers.Select(s => s.Url));

    private static string NewStore()
    {
        var store = Path.Combine(Path.GetTempPath(), $"aislive-nats-{Guid.NewGuid():N}");
        Directory.CreateDirectory(store);
        return store;
    }

    /// <summary>A NATS outage: the server is killed; <see cref="StartAgainAsync"/> brings it back with the same port and store.</summary>
    public void Stop()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
        _process.Dispose();
        _stopped = true;
    }

    /// <summary>SIGSTOP: the server is frozen (connections stay open, nothing is answered), as a stalled machine would be.</summary>
    public void Pause() => UnixSignals.Send(_process.Id, UnixSignals.Stop);

    public void Resume() => UnixSignals.Send(_process.Id, UnixSignals.Continue);

    public int Port => _port;

    public async Task StartAgainAsync()
    {
        _process = await LaunchAsync(_store, _port, Name, _clusterArguments);
        _stopped = false;
    }

    private static async Task<Process> LaunchAsync(string store, int port, string name, string[] clusterArguments)
    {
        var binary = Environment.GetEnvironmentVariable("AISLIVE_TEST_NATS") is { Length: > 0 } configured ? configured
            : File.Exists("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";
        var process = Process.Start(new ProcessStartInfo(binary, ["-js", "-n", name, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", store, .. clusterArguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"could not start {binary}");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        DataReceivedEventHandler received = (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                if (line.Contains("Server is ready", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            }
        };
        process.OutputDataReceived += received;
        process.ErrorDataReceived += received;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nats-server did not get ready within 20 s:\n{string.Join('\n', output)}");
        }

        return process;
    }

    public void Dispose()
    {
        if (_stopped)
        {
            Directory.Delete(_store, recursive: true);
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_store, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
