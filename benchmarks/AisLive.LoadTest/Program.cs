using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Ais;
using AisLive.Ais.AisStream;
using AisLive.LoadTest;
using AisLive.Testing;
using Npgsql;

// The end-to-end load test (scripts/aislive bench load ...): the real server as its own process, fed by a fake
// AISStream at a chosen rate, with N SSE clients spread over fleets. Everything runs on this machine, on loopback.
//   throughput --rate 2000 --seconds 60 --clients 1000 --fleets 10 --vessels 5000 [--nodes 3 (a cluster on NATS, clients spread over the nodes)]
//   idle --connections 10000 [--seconds 5 (held before measuring; a minute or more includes the heartbeats' writes)]
//   compare [--rate R --clients N] [--seconds 30] [--connections 10000]: side by side with nginx + nchan
//   replay --feed-minutes 120 --speed 60
//   behaviour --rate 20000 --seconds 30: the encounter and dark rules' cost per message on a world-shaped feed (BehaviourLoad)
var options = Args.Parse(args);
var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("AISLIVE_BENCH_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=aislive") { Database = "postgres" };
var database = $"aislive_load_{Environment.ProcessId}";
await Sql(admin.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
await Sql(admin.ConnectionString, $"CREATE DATABASE {database}");
var connection = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database }.ConnectionString;
if (options.Scenario == "replay")
{
    try
    {
        await ReplayMemory.RunAsync(connection, options.Get("feed-minutes", 120), options.Get("speed", 60));
    }
    finally
    {
        await Sql(admin.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    return;
}

const string SigningKey = "load-test-signing-key-that-is-long-enough-0123456789";
await using var upstream = await FakeAisStreamServer.StartAsync("load-key");
upstream.SlowReaderTimeout = TimeSpan.FromMinutes(5);
var journal = Directory.CreateTempSubdirectory("aislive-load-journal-").FullName;
var settings = new Dictionary<string, string>
{
    ["ConnectionStrings:Postgis"] = connection,
    ["Auth:SigningKey"] = SigningKey,
    ["Ingest:Source"] = "aisstream",
    ["AisStream:Url"] = upstream.Url.ToString(),
    ["AisStream:ApiKey"] = "load-key",
    ["AisStream:StallTimeout"] = "00:10:00",
    ["Fleets:SeedPath"] = string.Empty,
    ["Alerts:SeedPath"] = string.Empty,
    ["Places:SeedPath"] = string.Empty,
    ["Storage:JournalPath"] = journal,
    ["Security:MaxStreamsPerUser"] = "100000",
    ["Security:StreamConnectsPerSecondPerUser"] = "100000",
    ["Security:StreamConnectsPerSecondPerAddress"] = "100000",
    ["Security:RequestsPerSecondPerUser"] = "100000",
    ["Security:MaxFleetVessels"] = "100000",
};
var token = new AisLive.Server.Security.TokenService(
    Microsoft.Extensions.Options.Options.Create(new AisLive.Server.Security.AuthOptions { SigningKey = SigningKey }), TimeProvider.System).Create("load-admin", "admin", TimeSpan.FromHours(2));
await using var nodes = await LoadNodes.StartAsync(options.Get("nodes", 1), settings, token);
var server = nodes.Servers[0];
var http = nodes.Clients[0];
var session = await upstream.NextSessionAsync(TimeSpan.FromSeconds(30));

try
{
    if (options.Scenario == "compare")
    {
        var loads = options.Values.ContainsKey("rate") ? [(options.Get("rate", 2_000), options.Get("clients", 1_000))] : new[] { (2_000, 1_000), (20_000, 1_000), (20_000, 100) };
        await PeerComparison.RunAsync(server, http, session, loads, options.Get("seconds", 30), options.Get("connections", 10_000));
    }
    else if (options.Scenario == "behaviour")
    {
        await BehaviourLoad.RunAsync(http, session, server.Id, options.Get("rate", 20_000), options.Get("seconds", 30));
    }
    else if (options.Scenario == "idle")
    {
        await Idle(options.Get("connections", 10_000), TimeSpan.FromSeconds(options.Get("seconds", 5)));
    }
    else
    {
        await Throughput(options.Get("rate", 2_000), options.Get("seconds", 60), options.Get("clients", 1_000), options.Get("fleets", 10), options.Get("vessels", 5_000));
    }
}
finally
{
    await Sql(admin.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    Directory.Delete(journal, recursive: true);
}

async Task Throughput(int rate, int seconds, int clients, int fleets, int vessels)
{
    Console.WriteLine($"throughput: {rate} msgs/s for {seconds} s, {vessels} vessels in {fleets} fleets, {clients} SSE clients");
    for (var f = 0; f < fleets; f++)
    {
        var members = Enumerable.Range(0, vessels / fleets).Select(i => 248_000_000u + (uint)(f * (vessels / fleets)) + (uint)i).ToArray();
        (await http.PostAsJsonAsync("/api/fleets", new { name = $"load {f}", vessels = members })).EnsureSuccessStatusCode();
    }

    var fleetIds = (await http.GetFromJsonAsync<JsonArray>("/api/fleets"))!.Select(n => n!["id"]!.GetValue<long>()).ToArray();
    foreach (var node in nodes.Clients.Skip(1))
    {
        Console.WriteLine($"waiting for {node.BaseAddress} to know the fleets");
        while ((await node.GetFromJsonAsync<JsonArray>("/api/fleets"))!.Count < fleetIds.Length)
        {
            await Task.Delay(100);
        }
    }

    var latencies = new LatencyRecorder();
    using var stop = new CancellationTokenSource();
    var readers = new List<Task>();
    for (var c = 0; c < clients; c++)
    {
        // Clients spread over the nodes, as a load balancer would.
        var response = await nodes.Clients[c % nodes.Clients.Count].GetAsync($"/api/fleets/{fleetIds[c % fleetIds.Length]}/stream", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        readers.Add(SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(), latencies, stop.Token));
    }

    var before = nodes.Servers.Select(n => ProcessStats.Read(n.Id)).ToList();
    var (sent, sendSeconds) = await Pacer.RunAsync(rate, seconds, (n, at) => session.SendAsync(AisStreamWriter.PositionReport(
        new AisMessage { MessageType = 1, Mmsi = new Mmsi(248_000_000u + (uint)(n % vessels)), Latitude = 51 + (n % 997 * 0.0001), Longitude = 3, SpeedKnots = 12, CourseDegrees = 90, NavigationStatus = 0 },
        at)));
    var after = nodes.Servers.Select(n => ProcessStats.Read(n.Id)).ToList();
    var leader = await LeaderIndexAsync();
    var stats = await nodes.Clients[leader].GetFromJsonAsync<JsonObject>("/api/stats");
    await stop.CancelAsync();
    if (nodes.IsCluster)
    {
        // The nodes share the writing: wait for the log to be stored before stopping them (a stopped cluster keeps the rest in NATS).
        var waited = Stopwatch.StartNew();
        while (await Scalar(connection, "SELECT count(*) FROM positions") < sent && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(250);
        }
    }

    foreach (var node in nodes.Servers)
    {
        node.Terminate(); // graceful: everything received is committed (or, in a cluster, in the log) before exit
    }

    foreach (var node in nodes.Servers)
    {
        await node.WaitForExitAsync(TimeSpan.FromMinutes(3));
    }

    var stored = await Scalar(connection, "SELECT count(*) FROM positions");
    var (p50, p99, max) = latencies.Percentiles();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
        sent {sent} in {sendSeconds:F1} s = {sent / sendSeconds:F0} msgs/s; decoded into the cache {stats!["messagesIn"]} = {stats["messagesIn"]!.GetValue<long>() / sendSeconds:F0} msgs/s; stored {stored} rows ({(stored == sent ? "every message" : $"{sent - stored} missing")})
        events delivered {latencies.Count} = {latencies.Count / sendSeconds:F0}/s to {clients} clients; send->receive p50 {p50:F1} ms, p99 {p99:F1} ms, max {max:F1} ms
        server-side publish->write p50 {stats["publishToWriteMs"]!["p50"]:F1} ms, p99 {stats["publishToWriteMs"]!["p99"]:F1} ms (the rest of the latency is on the client side of the same 2 cores)
        coalesced {stats["coalesced"]}, slow clients cut {stats["disconnectedSlow"]}, live drops {stats["dropped"]}
        """));
    for (var i = 0; i < nodes.Servers.Count; i++)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(nodes.IsCluster ? $"node-{i + 1}{(i == leader ? " (leader)" : string.Empty)}" : "server")}: {(clients + nodes.Servers.Count - 1 - i) / nodes.Servers.Count} clients, CPU {(after[i].CpuTime - before[i].CpuTime).TotalSeconds / sendSeconds * 100:F0}% of one core, RSS {before[i].RssBytes / 1048576} -> {after[i].RssBytes / 1048576} MiB"));
    }
}

// The node holding the feed (its /api/stats counts what was decoded); 0 for one process.
async Task<int> LeaderIndexAsync()
{
    if (!nodes.IsCluster)
    {
        return 0;
    }

    var feed = await http.GetFromJsonAsync<JsonObject>("/api/feed");
    var leader = feed!["leader"]?.GetValue<string>() ?? "node-1";
    return int.Parse(leader["node-".Length..], CultureInfo.InvariantCulture) - 1;
}

async Task Idle(int connections, TimeSpan hold)
{
    Console.WriteLine($"idle: {connections} SSE connections held open {hold.TotalSeconds:F0} s");
    (await http.PostAsJsonAsync("/api/fleets", new { name = "idle", vessels = (uint[])[248_999_999u] })).EnsureSuccessStatusCode();
    await Task.Delay(TimeSpan.FromSeconds(2)); // let start-up allocations settle before the baseline
    var before = ProcessStats.Read(server.Id);
    var streams = new List<Stream>();
    for (var c = 0; c < connections; c++)
    {
        var response = await http.GetAsync("/api/vessels/248999999/stream", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        streams.Add(await response.Content.ReadAsStreamAsync());
    }

    await Task.Delay(hold);
    var after = ProcessStats.Read(server.Id);
    var stats = await http.GetFromJsonAsync<JsonObject>("/api/stats");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"held {stats!["connections"]} streams; server RSS {before.RssBytes / 1048576} -> {after.RssBytes / 1048576} MiB = {(after.RssBytes - before.RssBytes) / 1024.0 / connections:F1} KB per connection"));
    streams.ForEach(s => s.Dispose());
}

static async Task Sql(string connectionString, string sql)
{
    await using var c = new NpgsqlConnection(connectionString);
    await c.OpenAsync();
    await using var command = new NpgsqlCommand(sql, c);
    await command.ExecuteNonQueryAsync();
}

static async Task<long> Scalar(string connectionString, string sql)
{
    await using var c = new NpgsqlConnection(connectionString);
    await c.OpenAsync();
    await using var command = new NpgsqlCommand(sql, c);
    return (long)(await command.ExecuteScalarAsync())!;
}

internal sealed record Args(string Scenario, Dictionary<string, int> Values)
{
    public int Get(string name, int fallback) => Values.GetValueOrDefault(name, fallback);

    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, int>();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }

        return new Args(args.FirstOrDefault() ?? "throughput", values);
    }
}
