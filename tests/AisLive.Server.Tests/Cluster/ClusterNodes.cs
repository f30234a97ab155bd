using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Cluster;
using AisLive.Server.Security;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Net;

namespace AisLive.Server.Tests.Cluster;

/// <summary>
/// A real cluster for one test: a private nats-server, one database, the fake AISStream, and node processes named
/// <c>node-1</c>, <c>node-2</c>... started as an operator would (environment variables).
/// </summary>
public sealed class ClusterNodes : IAsyncDisposable
{
    private readonly List<ServerProcess> _nodes = [];
    private readonly Dictionary<string, ServerProcess> _byName = [];

    private readonly string _data = Path.Combine(Path.GetTempPath(), $"aislive-cluster-{Guid.NewGuid():N}");

    private ClusterNodes(NatsServer nats, string database, FakeAisStreamServer upstream)
    {
        Nats = nats;
        Database = database;
        Upstream = upstream;
    }

    public NatsServer Nats { get; }

    public string Database { get; }

    public FakeAisStreamServer Upstream { get; }

    public IReadOnlyList<ServerProcess> Nodes => _nodes;

    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(3);

    public static async Task<ClusterNodes> StartAsync(int nodes)
    {
        var nats = await NatsServer.StartAsync();
        var cluster = new ClusterNodes(nats, await PostgisDatabase.CreateAsync(), await FakeAisStreamServer.StartAsync());
        await Task.WhenAll(Enumerable.Range(1, nodes).Select(i => cluster.AddNodeAsync($"node-{i}")));
        return cluster;
    }

    /// <summary>Starts node <paramref name="name"/>; a name started before gets its journal back, as a restarted machine would.</summary>
    public async Task<ServerProcess> AddNodeAsync(string name, IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgis"] = Database,
            ["Auth:SigningKey"] = AisLiveTestServer.SigningKey,
            ["Fleets:SeedPath"] = string.Empty,
            ["Alerts:SeedPath"] = string.Empty,
            ["Ingest:Source"] = "aisstream",
            ["AisStream:Url"] = Upstream.Url.ToString(),
            ["AisStream:ApiKey"] = Upstream.ApiKey,
            ["AisStream:StallTimeout"] = "00:05:00",
            ["Cluster:NatsUrl"] = Nats.Url,
            ["Cluster:NodeId"] = name,
            ["Cluster:LeaseTtl"] = LeaseTtl.ToString(),
            ["Cluster:StorageAckWait"] = "00:00:03",
            ["Live:HeartbeatInterval"] = "00:00:01",
            ["Storage:FlushInterval"] = "00:00:00.100",
            ["Security:RequestsPerSecondPerUser"] = "100000", // the tests read every vessel one by one
            ["Security:StreamConnectsPerSecondPerUser"] = "1000",
            ["Storage:JournalPath"] = Path.Combine(_data, name, "journal"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var node = await ServerProcess.StartAsync(all);
        lock (_nodes)
        {
            _nodes.Add(node);
            _byName[name] = node;
        }

        return node;
    }

    /// <summary>A client of <paramref name="node"/> signed in as <paramref name="user"/>.</summary>
    public static HttpClient Client(ServerProcess node, string user = "test-admin", string role = Roles.Admin)
    {
        var token = new TokenService(Options.Create(new AuthOptions { SigningKey = AisLiveTestServer.SigningKey }), TimeProvider.System).Create(user, role, TimeSpan.FromHours(1));
        var client = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The node that holds the feed, as <c>/api/feed</c> on <paramref name="asked"/> names it.</summary>
    public async Task<ServerProcess> LeaderAsync(ServerProcess asked)
    {
        using var client = Client(asked);
        var feed = await client.GetFromJsonAsync<JsonObject>("/api/feed");
        var leader = feed!["leader"]?.GetValue<string>() ?? throw new InvalidOperationException($"no leader known yet: {feed}");
        return _byName[leader];
    }

    /// <summary>The cluster's log and its storage consumer, as JetStream reports them.</summary>
    public async Task<(ulong LastSequence, ulong StoragePending, ulong StorageUnacknowledged)> LogAsync()
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = Nats.Url });
        var js = nats.CreateJetStreamContext();
        var stream = await js.GetStreamAsync(ClusterNames.Stream);
        var consumer = await js.GetConsumerAsync(ClusterNames.Stream, ClusterNames.StorageConsumer);
        return (stream.Info.State.LastSeq, consumer.Info.NumPending, (ulong)consumer.Info.NumAckPending);
    }

    /// <summary>Every node's output, for a failure message.</summary>
    public string Output => string.Join("\n\n", _byName.Select(n => $"=== {n.Key}\n{n.Value.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        await Upstream.DisposeAsync();
        Nats.Dispose();
        await PostgisDatabase.DropAsync(Database);
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
