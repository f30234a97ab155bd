using System.Net.Http.Headers;
using AisLive.Testing;

namespace AisLive.LoadTest;

/// <summary>
/// The servers under load: one process, or with <c>--nodes N</c> (N > 1) a cluster of N node processes on a private
/// nats-server (SPEC section 13), all fed by the same fake AISStream (only the leader connects to it).
/// </summary>
internal sealed class LoadNodes : IAsyncDisposable
{
    private readonly NatsServer? _nats;

    private LoadNodes(NatsServer? nats, List<ServerProcess> servers, List<HttpClient> clients)
    {
        _nats = nats;
        Servers = servers;
        Clients = clients;
    }

    public List<ServerProcess> Servers { get; }

    /// <summary>One signed-in client per server, in the same order.</summary>
    public List<HttpClient> Clients { get; }

    public bool IsCluster => _nats is not null;

    public static async Task<LoadNodes> StartAsync(int count, IDictionary<string, string> settings, string token)
    {
        var nats = count > 1 ? await NatsServer.StartAsync() : null;
        var servers = new List<ServerProcess>();
        for (var i = 1; i <= count; i++)
        {
            var node = new Dictionary<string, string>(settings);
            if (nats is not null)
            {
                node["Cluster:NatsUrl"] = nats.Url;
                node["Cluster:NodeId"] = $"node-{i}";
            }

            servers.Add(await ServerProcess.StartAsync(node));
        }

        var clients = servers.Select(server =>
        {
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            var http = new HttpClient(handler) { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return http;
        }).ToList();
        return new LoadNodes(nats, servers, clients);
    }

    public ValueTask DisposeAsync()
    {
        Clients.ForEach(c => c.Dispose());
        Servers.ForEach(s => s.Dispose());
        _nats?.Dispose();
        return ValueTask.CompletedTask;
    }
}
