using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Live;
using AisLive.Server.Tests.Fleets;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Cluster;

/// <summary>
/// SPEC section 13.1, the cluster under faults, with real nats-servers and real node processes: a leader killed while
/// NATS stalls, a leader paused past its lease, a node cut off from NATS while fleets and rules change.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(ClusterTestsAlone.Name)]
public sealed class ClusterFaultTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = ClusterNodes.T0;

    /// <summary>What the first phase of a scenario sends is stamped before this; the second phase's after.</summary>
    private static readonly DateTimeOffset SecondPhase = T0.AddSeconds(1_000_000 / 2000.0);

    [Fact]
    public Task LeaderKilledWhileNatsStalls_LosesNothingOnceItIsBack() => RunAsync(3, null, async cluster =>
    {
        var session = await cluster.Upstream.NextSessionAsync(TimeSpan.FromSeconds(30));
        var leader = await cluster.LeaderAsync(cluster.Nodes[0]);
        var name = cluster.NameOf(leader);
        var feeding = ClusterNodes.FeedAsync(session, from: 0, count: 40_000);
        await cluster.WaitUntilLoggedAsync(2_000);

        // The fault: NATS stalls for 2 s while the feed goes on reaching the leader, and the leader is killed.
        cluster.Nats.Pause();
        await Task.Delay(TimeSpan.FromSeconds(2)); // the stall's length, not a wait for something to happen
        leader.Kill();
        cluster.Nats.Resume();
        var sent = await feeding;

        // Another node takes over and the feed goes on.
        var next = await cluster.Upstream.NextSessionAsync(ClusterNodes.LeaseTtl + TimeSpan.FromSeconds(15));
        (await ClusterNodes.FeedAsync(next, from: 1_000_000, count: 2_000)).ShouldBe(2_000);
        await cluster.WaitUntilStoredAsync(0);
        (await cluster.CountAsync("ts >= $1", SecondPhase)).ShouldBe(2_000);
        var storedWithoutIt = await cluster.CountAsync("ts < $1", SecondPhase);
        output.WriteLine($"sent {sent} to the leader; {storedWithoutIt} stored while it was down");
        storedWithoutIt.ShouldBeLessThan(sent, "the stall held back some of what the leader had received");

        // The killed node comes back with its journal and publishes what it kept: nothing is lost.
        var back = await cluster.AddNodeAsync(name, new Dictionary<string, string> { ["Logging:LogLevel:AisLive.Server.Cluster"] = "Information" });
        await back.WaitForOutputAsync("kept from its previous run are in the log", TimeSpan.FromSeconds(60));
        await cluster.WaitUntilStoredAsync(0);
        var stored = await cluster.CountAsync("ts < $1", SecondPhase);
        output.WriteLine($"{stored} of {sent} stored once it was back ({stored - storedWithoutIt} from its journal)");
        (sent - stored).ShouldBeLessThanOrEqualTo(400, "at most 200 ms of the feed (at 2,000 a second) may be lost");
        stored.ShouldBeLessThanOrEqualTo(sent);
        (await cluster.CountAsync("ts >= $1", SecondPhase)).ShouldBe(2_000, "and nothing is doubled");
    });

    [Fact]
    public Task LeaderPausedPastItsLease_RaisesNothing_AndTheNewLeadersOrderStands() => RunAsync(3, new Dictionary<string, string> { ["Alerts:SweepInterval"] = "00:00:01" }, async cluster =>
    {
        var first = await cluster.Upstream.NextSessionAsync(TimeSpan.FromSeconds(30));
        var leader = await cluster.LeaderAsync(cluster.Nodes[0]);
        var follower = cluster.Nodes.First(n => n != leader);
        using var admin = ClusterNodes.Client(follower);
        var vessels = Enumerable.Range(0, 20).Select(i => 244300000u + (uint)i).ToArray();
        var fleet = await FleetApi.CreateAsync(admin, "Paused", vessels, ("ops", "operator"));
        var rule = await admin.PostAsJsonAsync("/api/rules", new { name = "Silent", fleetId = fleet, kind = "signal-lost", severity = "warning", parameters = new { minutes = 1 } });
        rule.StatusCode.ShouldBe(HttpStatusCode.Created, await rule.Content.ReadAsStringAsync());

        // Every vessel reports once a second, on the feed's clock, to whichever node holds the feed.
        await using var feed = new RoundFeeder(cluster.Upstream, first, vessels);
        await feed.UntilRoundAsync(5);

        // The fault: the leader is frozen for 75 s, past its lease (3 s) and past the rule's minute of silence (but not
        // past Alerts:FeedQuietAfter, 2 min, after which even a clock carried forward would call the feed quiet).
        leader.Pause();
        var pausedAt = System.Diagnostics.Stopwatch.StartNew();
        await feed.UntilSessionChangesAsync(ClusterNodes.LeaseTtl + TimeSpan.FromSeconds(15));
        output.WriteLine($"another node took the feed {pausedAt.Elapsed.TotalSeconds:F1} s into the pause");
        first.Abort(); // the upstream drops a client that stopped reading, as AISStream does: it wakes to nothing new
        await Task.Delay(TimeSpan.FromSeconds(75) - pausedAt.Elapsed); // the pause's length, not a wait for something to happen
        leader.Resume();

        // It wakes, finds it lost the lease, and in the next 5 s of feed nothing it does shows.
        await leader.WaitForOutputAsync("no longer holds the ingest lease", TimeSpan.FromSeconds(30));
        await feed.UntilRoundAsync(feed.Round + 5);
        var last = await feed.StopAsync();
        cluster.Upstream.Handshakes.Count(h => h.Status == 101).ShouldBe(2, "the first leader's session and its successor's: the woken node opened none");

        (await PostgisDatabase.ScalarAsync<long>(cluster.Database, "SELECT count(*) FROM alerts")).ShouldBe(0, "no vessel went silent on the feed's clock");
        foreach (var node in cluster.Nodes)
        {
            using var client = ClusterNodes.Client(node);
            await ConvergesAsync(client, vessels, last);
        }
    });

    [Fact]
    public Task NodeCutOffFromNats_WhileRulesAndMembersChange_ConvergesWithin5sOfItsReturn() => RunAsync(2, new Dictionary<string, string> { ["Logging:LogLevel:AisLive.Server.Cluster"] = "Information" }, async cluster =>
    {
        await using var proxy = new TcpFaultProxy("127.0.0.1", cluster.Nats.Port);

        // It also starts with settings that differ from the shared objects the others made: it keeps theirs, and says so.
        var cutOff = await cluster.AddNodeAsync("node-3", new Dictionary<string, string>
        {
            ["Cluster:NatsUrl"] = $"nats://127.0.0.1:{proxy.Port}",
            ["Cluster:LogMaxBytes"] = "104857600",
            ["Cluster:LeaseTtl"] = "00:00:30",
        });
        await cutOff.WaitForOutputAsync("keeping the cluster's", TimeSpan.FromSeconds(30));
        var (maxBytes, leaseTtl) = await cluster.SharedSettingsAsync();
        maxBytes.ShouldBe(new AisLive.Server.Cluster.ClusterOptions().LogMaxBytes, "the log's size limit is the first node's");
        leaseTtl.ShouldBe(ClusterNodes.LeaseTtl, "the lease's TTL is the first node's");
        await cluster.Upstream.NextSessionAsync(TimeSpan.FromSeconds(30));
        var other = cluster.Nodes[0];
        using var admin = ClusterNodes.Client(other);
        var vessels = Enumerable.Range(0, 4).Select(i => 244400000u + (uint)i).ToArray();
        var fleet = await FleetApi.CreateAsync(admin, "Cut", vessels, ("dan", "operator"), ("eve", "operator"));
        var old = await CreateRuleAsync(admin, fleet, "Old", knots: 20);

        // Dan watches the fleet on the node about to be cut off; Eve watches its alerts there.
        using var dan = ClusterNodes.Client(cutOff, "dan", "operator");
        using var eve = ClusterNodes.Client(cutOff, "eve", "operator");
        await using var dansFleet = await SseClient.ConnectAsync(dan, $"/api/fleets/{fleet}/stream");
        await dansFleet.ReadEventAsync("heartbeat");
        await using var evesAlerts = await SseClient.ConnectAsync(eve, "/api/alerts/stream");

        // Cut off from NATS: the change notices sent now never reach it.
        await proxy.CutAsync();
        (await admin.DeleteAsync($"/api/rules/{old}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var added = await CreateRuleAsync(admin, fleet, "New", knots: 10);
        var replaced = await admin.PutAsJsonAsync($"/api/fleets/{fleet}", new { name = "Cut", vessels, members = new[] { new { userId = "eve", role = "operator" } } });
        replaced.StatusCode.ShouldBe(HttpStatusCode.OK, await replaced.Content.ReadAsStringAsync());
        proxy.Restore();

        // Within 5 s of its return Dan's stream there has ended.
        var returned = System.Diagnostics.Stopwatch.StartNew();
        (await dansFleet.ReadEventAsync("access-revoked").WaitAsync(TimeSpan.FromSeconds(5))).ShouldNotBeNull(); // heartbeats come meanwhile: the bound is on the whole wait
        output.WriteLine($"the removed member's stream ended {returned.Elapsed.TotalSeconds:F1} s after the node's return");

        // It leads now (the others stop), and evaluates the new rule only: 25 kn breaks both the old rule and the new.
        foreach (var node in cluster.Nodes.Where(n => n != cutOff).ToList())
        {
            node.Terminate();
            await node.WaitForExitAsync(TimeSpan.FromSeconds(20));
        }

        FakeSession session;
        do
        {
            session = await cluster.Upstream.NextSessionAsync(TimeSpan.FromSeconds(30)); // past any session of a node now stopped
        }
        while (session.Ended.IsCompleted);

        await session.SendAsync(UpstreamFrames.Position(vessels[0], 51, 3, T0, sog: 25));
        await session.SendAsync(UpstreamFrames.Position(vessels[0], 51.01, 3, T0.AddSeconds(30), sog: 25));
        var alert = JsonNode.Parse((await evesAlerts.ReadEventAsync("alert").WaitAsync(TimeSpan.FromSeconds(20))).Data!)!;
        alert["ruleId"]!.GetValue<long>().ShouldBe(added);
        await session.SendAsync(UpstreamFrames.Position(vessels[1], 51, 3, T0.AddSeconds(40), sog: 25));
        await session.SendAsync(UpstreamFrames.Position(vessels[1], 51.01, 3, T0.AddSeconds(70), sog: 25));
        var second = JsonNode.Parse((await evesAlerts.ReadEventAsync("alert").WaitAsync(TimeSpan.FromSeconds(20))).Data!)!;
        second["ruleId"]!.GetValue<long>().ShouldBe(added);
        (await PostgisDatabase.ScalarAsync<long>(cluster.Database, "SELECT count(*) FROM alerts WHERE rule_id = $1", old)).ShouldBe(0);
    });

    [Fact]
    public Task ThreeNatsServersWithThreeReplicas_TheStreamLeadersServerKilledMidLoad_LosesAndDoublesNothing() => RunAsync(
        3,
        // A lease longer than a replicated stream's leader election, so that losing a NATS server does not end the term.
        new Dictionary<string, string> { ["Cluster:Replicas"] = "3", ["Cluster:LeaseTtl"] = "00:00:20" },
        async cluster =>
        {
            var session = await cluster.Upstream.NextSessionAsync(TimeSpan.FromSeconds(60));
            var feeding = ClusterNodes.FeedAsync(session, from: 0, count: 12_000);
            await cluster.WaitUntilLoggedAsync(3_000);
            var killed = await cluster.StreamLeaderAsync();
            killed.Stop();
            output.WriteLine($"killed {killed.Name}, the log's stream leader, mid-load");

            (await feeding).ShouldBe(12_000, "the feed held: its session lasted to the end");
            await cluster.WaitUntilStoredAsync(12_000);
            (await cluster.CountAsync("ts >= $1", T0)).ShouldBe(12_000, "nothing lost");
            (await cluster.LogAsync()).LastSequence.ShouldBe(12_000ul, "nothing doubled in the log");
            (await cluster.StreamLeaderAsync()).ShouldNotBe(killed);
            cluster.Upstream.Handshakes.Count(h => h.Status == 101).ShouldBe(1, "one upstream session throughout");
            cluster.Nodes.ShouldAllBe(n => !n.HasExited, "no node restarted");
        },
        natsServers: 3);

    private static async Task<long> CreateRuleAsync(HttpClient admin, long fleet, string name, double knots)
    {
        var response = await admin.PostAsJsonAsync("/api/rules", new { name, fleetId = fleet, kind = "speed-above", severity = "critical", parameters = new { knots } });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    /// <summary>Every vessel's state on a node reaches the last round sent: nothing of a former term's overwrote it.</summary>
    private static async Task ConvergesAsync(HttpClient client, uint[] vessels, int round)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var behind = new List<string>();
            foreach (var mmsi in vessels)
            {
                var state = await client.GetFromJsonAsync(new Uri($"/api/vessels/{mmsi}", UriKind.Relative), LiveJsonContext.Default.VesselState);
                if (state!.Lat is not { } lat || Math.Abs(lat - RoundFeeder.Latitude(round)) > 1e-9)
                {
                    behind.Add($"{mmsi} at {state.Lat}");
                }
            }

            if (behind.Count == 0)
            {
                return;
            }

            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), $"{client.BaseAddress}: {string.Join(", ", behind)} (round {round} is at {RoundFeeder.Latitude(round)})");
            await Task.Delay(100); // polling another process's state: there is no event to await from here
        }
    }

    private static async Task RunAsync(int nodes, IDictionary<string, string>? settings, Func<ClusterNodes, Task> scenario, int natsServers = 1)
    {
        await using var cluster = await ClusterNodes.StartAsync(nodes, settings, natsServers);
        try
        {
            await scenario(cluster).WaitAsync(TimeSpan.FromMinutes(4));
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{ex}\n\nThe nodes' output:\n{cluster.Output}");
        }
    }

    /// <summary>
    /// Sends a round of reports (every vessel once) every second, stamped one second apart on the feed's clock, to
    /// whichever session is the newest: after a takeover, the new leader's.
    /// </summary>
    private sealed class RoundFeeder : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly SemaphoreSlim _progressed = new(0, int.MaxValue);
        private readonly Task _running;
        private volatile FakeSession _session;
        private volatile int _round;

        public RoundFeeder(FakeAisStreamServer upstream, FakeSession session, uint[] vessels)
        {
            _session = session;
            _running = RunAsync(upstream, vessels);
        }

        public int Round => _round;

        public static double Latitude(int round) => 50 + round * 0.0001;

        public Task UntilRoundAsync(int round) => UntilAsync(() => _round >= round, TimeSpan.FromSeconds(30 + round - _round));

        public Task UntilSessionChangesAsync(TimeSpan timeout)
        {
            var before = _session;
            return UntilAsync(() => _session != before, timeout);
        }

        /// <summary>Waits for the feeder's progress (it signals every round and every new session) until <paramref name="done"/>.</summary>
        private async Task UntilAsync(Func<bool> done, TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            while (!done())
            {
                await _progressed.WaitAsync(deadline.Token);
            }
        }

        /// <summary>Stops after the round in progress; returns the last round sent whole.</summary>
        public async Task<int> StopAsync()
        {
            await _stop.CancelAsync();
            await _running;
            return _round;
        }

        private async Task RunAsync(FakeAisStreamServer upstream, uint[] vessels)
        {
            using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1));
            var takeover = upstream.NextSessionAsync(TimeSpan.FromMinutes(5));
            for (var round = 1; !_stop.IsCancellationRequested; round++)
            {
                if (takeover.IsCompletedSuccessfully)
                {
                    _session = await takeover;
                    takeover = upstream.NextSessionAsync(TimeSpan.FromMinutes(5));
                    _progressed.Release();
                }

                try
                {
                    foreach (var mmsi in vessels)
                    {
                        await _session.SendAsync(UpstreamFrames.Position(mmsi, Latitude(round), 3, T0.AddSeconds(round)));
                    }
                }
                catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException or ObjectDisposedException)
                {
                    _session = await takeover; // the session went: the round goes again to the next
                    takeover = upstream.NextSessionAsync(TimeSpan.FromMinutes(5));
                    _progressed.Release();
                    round--;
                    continue;
                }

                _round = round;
                _progressed.Release();
                try
                {
                    await ticks.WaitForNextTickAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
            _progressed.Dispose();
        }
    }
}
