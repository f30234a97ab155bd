using System.Diagnostics;
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

    private ClusterNodes(NatsServer[] nats, string database, FakeAisStreamServer upstream)
    {
        NatsServers = nats;
        NatsUrl = NatsServer.UrlOf(nats);
        Database = database;
        Upstream = upstream;
    }

    /// <summary>The NATS server (the first, when there are several).</summary>
    public NatsServer Nats => NatsServers[0];

    public IReadOnlyList<NatsServer> NatsServers { get; }

    /// <summary>What the nodes are given as <c>Cluster:NatsUrl</c>: every server.</summary>
    public string NatsUrl { get; }

    public string Database { get; }

    public FakeAisStreamServer Upstream { get; }

    public IReadOnlyList<ServerProcess> Nodes => _nodes;

    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(3);

    /// <summary>A cluster of <paramref name="nodes"/> nodes, each started with <paramref name="settings"/> over the defaults.</summary>
    public static async Task<ClusterNodes> StartAsync(int nodes, IDictionary<string, string>? settings = null, int natsServers = 1)
    {
        var nats = natsServers == 1 ? [await NatsServer.StartAsync()] : await NatsServer.StartClusterAsync(natsServers);
        var cluster = new ClusterNodes(nats, await PostgisDatabase.CreateAsync(), await FakeAisStreamServer.StartAsync()) { Settings = settings };
        await Task.WhenAll(Enumerable.Range(1, nodes).Select(i => cluster.AddNodeAsync($"node-{i}")));
        return cluster;
    }

    /// <summary>Settings every node of this cluster starts with, over the defaults.</summary>
    public IDictionary<string, string>? Settings { get; private init; }

    /// <summary>The name <paramref name="node"/> was started under.</summary>
    public string NameOf(ServerProcess node)
    {
        lock (_nodes)
        {
            return _byName.Single(n => n.Value == node).Key;
        }
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
            ["Places:SeedPath"] = string.Empty,
            ["Ingest:Source"] = "aisstream",
            ["AisStream:Url"] = Upstream.Url.ToString(),
            ["AisStream:ApiKey"] = Upstream.ApiKey,
            ["AisStream:StallTimeout"] = "00:05:00",
            ["Cluster:NatsUrl"] = NatsUrl,
            ["Cluster:NodeId"] = name,
            ["Cluster:LeaseTtl"] = LeaseTtl.ToString(),
            ["Cluster:StorageAckWait"] = "00:00:03",
            ["Live:HeartbeatInterval"] = "00:00:01",
            ["Storage:FlushInterval"] = "00:00:00.100",
            ["Security:RequestsPerSecondPerUser"] = "100000", // the tests read every vessel one by one
            ["Security:StreamConnectsPerSecondPerUser"] = "1000",
            ["Storage:JournalPath"] = Path.Combine(_data, name, "journal"),
        };
        foreach (var (key, value) in (Settings ?? new Dictionary<string, string>()).Concat(settings ?? new Dictionary<string, string>()))
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
        var waited = Stopwatch.StartNew();
        while (true)
        {
            // A node hears who leads from the leader's feed state, announced every 2 s: it may not have heard yet.
            var feed = await client.GetFromJsonAsync<JsonObject>("/api/feed");
            if (feed!["leader"]?.GetValue<string>() is { } leader)
            {
                return _byName[leader];
            }

            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), $"no leader known yet: {feed}");
            await Task.Delay(100); // polling another process's state: there is no event to await from here
        }
    }

    /// <summary>The cluster's log and its storage consumer, as JetStream reports them.</summary>
    public Task<(ulong LastSequence, ulong StoragePending, ulong StorageUnacknowledged)> LogAsync() => AskJetStreamAsync(async js =>
    {
        var stream = await js.GetStreamAsync(ClusterNames.Stream);
        var consumer = await js.GetConsumerAsync(ClusterNames.Stream, ClusterNames.StorageConsumer);
        return (stream.Info.State.LastSeq, consumer.Info.NumPending, (ulong)consumer.Info.NumAckPending);
    });

    /// <summary>
    /// Asks JetStream, again while it does not answer: with several servers, for the seconds after one is lost, while
    /// the others elect new leaders for the stream and its consumer.
    /// </summary>
    private async Task<T> AskJetStreamAsync<T>(Func<NATS.Client.JetStream.INatsJSContext, Task<T>> ask)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = NatsUrl });
        var js = nats.CreateJetStreamContext();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await ask(js);
            }
            catch (NatsException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(200); // JetStream electing: nothing to await from here
            }
        }
    }

    /// <summary>The feed's clock in the scenarios: reports are stamped from here on.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Sends <paramref name="count"/> position reports at 2,000 a second (500 vessels); returns how many went out before the socket went.</summary>
    public static async Task<int> FeedAsync(FakeSession session, int from, int count)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var sent = 0;
        try
        {
            while (sent < count && await ticks.WaitForNextTickAsync())
            {
                for (var i = 0; i < 20 && sent < count; i++, sent++)
                {
                    var n = from + sent;
                    await session.SendAsync(UpstreamFrames.Position(244200000u + (uint)(n % 500), 50 + (n % 1000) * 0.001, 3, T0.AddSeconds(n / 2000.0)));
                }
            }
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the node went away mid-stream
        }

        return sent;
    }

    /// <summary>The shared objects' settings as JetStream has them: the log's size limit and the lease bucket's TTL.</summary>
    public Task<(long LogMaxBytes, TimeSpan LeaseTtl)> SharedSettingsAsync() => AskJetStreamAsync(async js =>
    {
        var stream = await js.GetStreamAsync(ClusterNames.Stream);
        var lease = await js.GetStreamAsync("KV_" + ClusterNames.LeaseBucket);
        return (stream.Info.Config.MaxBytes, lease.Info.Config.MaxAge);
    });

    /// <summary>The NATS server that leads the log's stream now (its replicas follow it).</summary>
    public async Task<NatsServer> StreamLeaderAsync()
    {
        var leader = await AskJetStreamAsync(async js => (await js.GetStreamAsync(ClusterNames.Stream)).Info.Cluster?.Leader);
        return NatsServers.Single(s => s.Name == (leader ?? throw new InvalidOperationException("the log's stream has no leader")));
    }

    /// <summary>Until the log holds at least <paramref name="messages"/> messages (the feed flows through it).</summary>
    public async Task WaitUntilLoggedAsync(ulong messages)
    {
        var waited = Stopwatch.StartNew();
        while ((await LogAsync()).LastSequence < messages)
        {
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), $"the log has not reached {messages} messages");
            await Task.Delay(100); // JetStream's own counters, read from here
        }
    }

    public async Task WaitUntilStoredAsync(ulong expected)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var (last, pending, unacknowledged) = await LogAsync();
            if (last >= expected && pending == 0 && unacknowledged == 0)
            {
                return;
            }

            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), $"log at {last}, {pending} not yet fetched, {unacknowledged} not acknowledged");
            await Task.Delay(200); // JetStream's own counters, read from here
        }
    }

    public Task<long> CountAsync(string where, DateTimeOffset at) =>
        PostgisDatabase.ScalarAsync<long>(Database, $"SELECT count(*) FROM positions WHERE {where}", at);

    /// <summary>Every node's output, for a failure message.</summary>
    public string Output => string.Join("\n\n", _byName.Select(n => $"=== {n.Key}\n{n.Value.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        await Upstream.DisposeAsync();
        foreach (var server in NatsServers)
        {
            server.Dispose();
        }

        await PostgisDatabase.DropAsync(Database);
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
