using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AisLive.LoadTest;

/// <summary>
/// nginx with the nchan pub/sub module (Debian's packages), one worker, its configuration generated here: the peer the
/// fan-out is measured against. Subscribers read <c>/sub/{topic}</c> as EventSource; the publisher sends to
/// <c>/pub/{topic}</c> over a websocket, one message per frame.
/// </summary>
internal sealed class NchanServer : IDisposable
{
    private readonly Process _master;
    private readonly string _directory;

    private NchanServer(Process master, string directory, int port)
    {
        _master = master;
        _directory = directory;
        Address = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Address { get; }

    /// <summary>The master and its one worker: the server's CPU and memory are theirs together.</summary>
    public IEnumerable<int> ProcessIds => new[] { _master.Id }.Concat(Children(_master.Id));

    public static async Task<NchanServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("aislive-nchan-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "logs"));
        var port = FreePort();
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            load_module /usr/lib/nginx/modules/ngx_nchan_module.so;
            worker_processes 1;
            daemon off;
            master_process on;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/logs/error.log warn;
            worker_rlimit_nofile 65536;
            events { worker_connections 60000; }
            http {
                access_log off;
                client_body_temp_path {{directory}};
                proxy_temp_path {{directory}};
                fastcgi_temp_path {{directory}};
                uwsgi_temp_path {{directory}};
                scgi_temp_path {{directory}};
                server {
                    listen 127.0.0.1:{{port}} backlog=4096;
                    location ~ ^/pub/(\w+)$ {
                        nchan_publisher websocket http;
                        nchan_channel_id $1;
                        nchan_message_buffer_length 10;
                        nchan_message_timeout 60s;
                    }
                    location ~ ^/sub/(\w+)$ {
                        nchan_subscriber eventsource;
                        nchan_channel_id $1;
                    }
                }
            }
            """);
        var master = Process.Start(new ProcessStartInfo("nginx", ["-c", config, "-p", directory])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("nginx did not start");
        var waited = Stopwatch.StartNew();
        while (!await AcceptsAsync(port))
        {
            if (master.HasExited || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"nginx did not listen: {await master.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(50);
        }

        return new NchanServer(master, directory, port);
    }

    public void Dispose()
    {
        if (!_master.HasExited)
        {
            _master.Kill(entireProcessTree: true);
            _master.WaitForExit(5000);
        }

        _master.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static List<int> Children(int pid) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsDigit)).Select(int.Parse!)
            .Where(child => File.Exists($"/proc/{child}/stat") && ParentOf(child) == pid).ToList();

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1; // it ended meanwhile
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
