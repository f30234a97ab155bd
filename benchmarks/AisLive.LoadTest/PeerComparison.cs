using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AisLive.Ais;
using AisLive.Ais.AisStream;
using AisLive.Testing;

namespace AisLive.LoadTest;

/// <summary>
/// <c>load compare</c>: the same fan-out through AisLive and through nginx + nchan on the same machine, one after the
/// other, read by the same client code. Both get the same position reports (10 topics: AisLive's fleets, nchan's
/// channels), the same number of EventSource clients per topic, and the client counts what arrives and how late.
/// Server CPU comes from /proc (nginx: master and worker together).
/// </summary>
internal static class PeerComparison
{
    private const int Topics = 10;
    private const int Vessels = 5_000;
    private const uint FirstMmsi = 248_000_000;

    /// <summary>How long the client's reader pauses between rounds (see <see cref="EpollSseClient"/>): latencies include up to this.</summary>
    private static readonly TimeSpan ClientPause = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(ServerProcess aislive, HttpClient http, FakeSession upstream, IReadOnlyList<(int Rate, int Clients)> loads, int seconds, int idleConnections)
    {
        for (var f = 0; f < Topics; f++)
        {
            var members = Enumerable.Range(0, Vessels / Topics).Select(i => FirstMmsi + (uint)(f * (Vessels / Topics)) + (uint)i).ToArray();
            (await http.PostAsJsonAsync("/api/fleets", new { name = $"compare {f}", vessels = members })).EnsureSuccessStatusCode();
        }

        var fleetIds = (await http.GetFromJsonAsync<JsonArray>("/api/fleets"))!.Select(n => n!["id"]!.GetValue<long>()).ToArray();
        Console.WriteLine("starting nginx + nchan (1 worker)");
        using var nchan = await NchanServer.StartAsync();
        var token = http.DefaultRequestHeaders.Authorization?.Parameter;
        // Idle first, on servers that have served nothing yet: a .NET heap grown by the loads is not given back at once.
        Console.WriteLine($"{idleConnections:N0} idle connections to each");
        var (ourIdle, ourBase) = await IdleAsync(idleConnections, [aislive.Id], () => EpollSseClient.Connect(http.BaseAddress!, Enumerable.Repeat($"/api/vessels/{FirstMmsi}/stream", idleConnections), token));
        var (theirIdle, theirBase) = await IdleAsync(idleConnections, nchan.ProcessIds.ToArray(), () => EpollSseClient.Connect(nchan.Address, Enumerable.Repeat("/sub/idle", idleConnections)));
        var rows = new List<string>();
        foreach (var (rate, clients) in loads)
        {
            int[] bothServers = [aislive.Id, .. nchan.ProcessIds];
            await SettleAsync(bothServers);
            Console.WriteLine($"{rate:N0} msgs/s x {clients:N0} clients, {Warmup.TotalSeconds} s of warm-up and {seconds} s measured each: AisLive");
            var ours = await MeasureAsync(rate, clients, seconds, [aislive.Id],
                () => EpollSseClient.Connect(http.BaseAddress!, Enumerable.Range(0, clients).Select(c => $"/api/fleets/{fleetIds[c % Topics]}/stream"), token),
                (n, sent) => upstream.SendAsync(AisStreamWriter.PositionReport(Report(n), sent)));
            await SettleAsync(bothServers);
            Console.WriteLine($"{rate:N0} msgs/s x {clients:N0} clients, the same: nginx + nchan");
            var publishers = await PublishersAsync(nchan.Address);
            var theirs = await MeasureAsync(rate, clients, seconds, nchan.ProcessIds.ToArray(),
                () => EpollSseClient.Connect(nchan.Address, Enumerable.Range(0, clients).Select(c => $"/sub/topic{c % Topics}")),
                (n, sent) => publishers[(int)(n % Vessels) / (Vessels / Topics)].SendAsync(Payload(n, sent), WebSocketMessageType.Text, true, CancellationToken.None).AsTask());
            foreach (var socket in publishers)
            {
                socket.Dispose();
            }

            rows.Add(Row($"{rate:N0} x {clients:N0}", ours, theirs));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS after the loads: AisLive {Rss([aislive.Id]) / 1048576} MiB, nginx + nchan {Rss(nchan.ProcessIds) / 1048576} MiB"));
        Console.WriteLine();
        Console.WriteLine("| load (msgs/s x clients) | AisLive: server CPU per event written | nchan | ratio | AisLive p50 / p99 | nchan p50 / p99 | pairs delivered AisLive / nchan | client CPU per event |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {idleConnections:N0} idle connections | {ourIdle:F1} KB each, {ourBase / 1048576} MiB base | {theirIdle:F1} KB each, {theirBase / 1048576} MiB base | {ourIdle / theirIdle:F1} x | | | | |"));
    }

    private sealed record Result(double ServerMicroseconds, double ClientMicroseconds, double P50, double P99, double Share);

    private static string Row(string load, Result ours, Result theirs) => string.Create(CultureInfo.InvariantCulture,
        $"| {load} | {ours.ServerMicroseconds:F2} us | {theirs.ServerMicroseconds:F2} us | {ours.ServerMicroseconds / theirs.ServerMicroseconds:F2} x | {ours.P50:F1} / {ours.P99:F1} ms | {theirs.P50:F1} / {theirs.P99:F1} ms | {ours.Share:P0} / {theirs.Share:P0} | {ours.ClientMicroseconds:F2} / {theirs.ClientMicroseconds:F2} us |");

    /// <summary>Connects the clients, sends <paramref name="rate"/> reports a second for <paramref name="seconds"/>, lets them drain, and measures.</summary>
    private static async Task<Result> MeasureAsync(int rate, int clients, int seconds, int[] serverPids, Func<EpollSseClient> connect, Func<long, DateTimeOffset, Task> send)
    {
        var latencies = new LatencyRecorder();
        using var readers = await Task.Run(connect);

        // The same load first, unmeasured: AisLive's first seconds at a new rate run on code still being compiled
        // (tiered JIT), with receive-to-cache p99 near 200 ms, and a service runs for days, not seconds.
        readers.Start(latencies, ClientPause);
        await Pacer.RunAsync(rate, (int)Warmup.TotalSeconds, send);
        readers.CountFrom(DateTimeOffset.UtcNow);
        var serverBefore = Cpu(serverPids);
        var seenBefore = latencies.Seen;
        var clientBefore = readers.ReaderCpu;
        var (sent, _) = await Pacer.RunAsync(rate, seconds, send);

        // What is still on its way gets two seconds to arrive, then the books close.
        var expected = sent * (clients / Topics);
        var drained = Stopwatch.StartNew();
        while (latencies.Count < expected && drained.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(50);
        }

        var serverCpu = Cpu(serverPids) - serverBefore;
        var written = Math.Max(latencies.Seen - seenBefore, 1); // what the server wrote in the window, older events too
        var clientCpu = readers.ReaderCpu - clientBefore;
        var (p50, p99, _) = latencies.Percentiles();
        return new Result(serverCpu.TotalMicroseconds / written, clientCpu.TotalMicroseconds / written, p50, p99, latencies.Count / (double)Math.Max(expected, 1));
    }

    /// <summary>
    /// Waits (a minute at most) until the servers use under a tenth of a core: one that fell behind (nchan at 20,000 x
    /// 1,000) is still writing its backlog after its clients went, and would take the cores from the next measurement.
    /// </summary>
    private static async Task SettleAsync(int[] serverPids)
    {
        var waited = Stopwatch.StartNew();
        var busy = true;
        while (busy && waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            var before = Cpu(serverPids);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            busy = Cpu(serverPids) - before > TimeSpan.FromMilliseconds(50);
        }
    }

    /// <summary>Server RSS per idle EventSource connection, and the server's RSS before them.</summary>
    private static async Task<(double KilobytesEach, long BaseBytes)> IdleAsync(int connections, int[] serverPids, Func<EpollSseClient> connect)
    {
        var before = Rss(serverPids);
        using var idle = await Task.Run(connect);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the connections' first writes done and settled
        var after = Rss(serverPids);
        return ((after - before) / 1024.0 / connections, before);
    }

    private static async Task<ClientWebSocket[]> PublishersAsync(Uri nchan)
    {
        var sockets = new ClientWebSocket[Topics];
        for (var t = 0; t < Topics; t++)
        {
            sockets[t] = new ClientWebSocket();
            await sockets[t].ConnectAsync(new Uri($"ws://{nchan.Authority}/pub/topic{t}"), CancellationToken.None);
        }

        return sockets;
    }

    private static AisMessage Report(long n) => new()
    {
        MessageType = 1, Mmsi = new Mmsi(FirstMmsi + (uint)(n % Vessels)), Latitude = 51 + (n % 997 * 0.0001), Longitude = 3,
        SpeedKnots = 12, CourseDegrees = 90, HeadingDegrees = 90, NavigationStatus = 0,
    };

    /// <summary>About the size of AisLive's position event: the same fields, as nchan would carry them for an application.</summary>
    private static ReadOnlyMemory<byte> Payload(long n, DateTimeOffset sent)
    {
        var report = Report(n);
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"mmsi":{{report.Mmsi.Value}},"lat":{{report.Latitude}},"lon":3,"sog":12,"cog":90,"heading":90,"rateOfTurn":null,"navStatus":0,"timestamp":"{{sent:O}}","receivedAt":"{{sent:O}}","name":null,"callsign":null}"""));
    }

    private static TimeSpan Cpu(IEnumerable<int> pids) => pids.Aggregate(TimeSpan.Zero, (sum, pid) => sum + ProcessStats.Read(pid).CpuTime);

    private static long Rss(IEnumerable<int> pids) => pids.Sum(pid => ProcessStats.Read(pid).RssBytes);
}
