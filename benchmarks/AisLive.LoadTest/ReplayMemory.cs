using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AisLive.Testing;

namespace AisLive.LoadTest;

/// <summary>
/// <c>load replay --feed-minutes M --speed S</c>: the real server replays the demo recording (looping, rebased
/// to the present, with the demo fleets and rules, so evaluation and alerts run) for M minutes of feed time at S
/// times real time, and the server's RSS is sampled every few seconds. The point: once the vessel set is known
/// (after the first pass), memory stays flat however long the feed runs.
/// </summary>
public static class ReplayMemory
{
    private const string SigningKey = "load-test-signing-key-that-is-long-enough-0123456789";

    public static async Task RunAsync(string connection, int feedMinutes, int speed)
    {
        var repo = RepositoryRoot();
        var recordingMinutes = 40; // fixtures/README.md: the demo recording is 40 minutes long
        Console.WriteLine($"replay: the demo recording (looping, {recordingMinutes} min a pass) for {feedMinutes} min of feed time at {speed}x; RSS sampled every 5 s");
        var journal = Directory.CreateTempSubdirectory("aislive-replay-journal-").FullName;
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgis"] = connection,
            ["Auth:SigningKey"] = SigningKey,
            ["Ingest:Source"] = "replay",
            ["Replay:Path"] = Path.Combine(repo, "fixtures/demo.aisstream.jsonl.gz"),
            ["Replay:Speed"] = speed.ToString(CultureInfo.InvariantCulture),
            ["Replay:Loop"] = "true",
            ["Fleets:SeedPath"] = Path.Combine(repo, "fixtures/demo-fleets.json"),
            ["Alerts:SeedPath"] = Path.Combine(repo, "fixtures/demo-rules.json"),
            ["Places:SeedPath"] = Path.Combine(repo, "fixtures/demo-places.json"),
            ["Storage:JournalPath"] = journal,
        });
        var token = new AisLive.Server.Security.TokenService(
            Microsoft.Extensions.Options.Options.Create(new AisLive.Server.Security.AuthOptions { SigningKey = SigningKey }), TimeProvider.System).Create("load-admin", "admin", TimeSpan.FromHours(2));
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var wall = TimeSpan.FromMinutes((double)feedMinutes / speed);
        var firstPass = TimeSpan.FromMinutes((double)recordingMinutes / speed);
        var samples = new List<(TimeSpan At, long Rss)>();
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        while (clock.Elapsed < wall && await timer.WaitForNextTickAsync())
        {
            var rss = ProcessStats.Read(server.Id).RssBytes;
            samples.Add((clock.Elapsed, rss));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds,5:F0} s = {clock.Elapsed.TotalMinutes * speed,5:F0} feed min: RSS {rss / 1048576} MiB"));
        }

        var stats = (await http.GetFromJsonAsync<JsonObject>("/api/stats"))!;
        server.Terminate();
        await server.WaitForExitAsync(TimeSpan.FromMinutes(2));
        var known = samples.Where(s => s.At >= firstPass).Select(s => s.Rss / 1048576.0).DefaultIfEmpty().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            after the first pass ({firstPass.TotalSeconds:F0} s): RSS {known.Min():F0} to {known.Max():F0} MiB over {known.Count} samples (first {known.First():F0}, last {known.Last():F0})
            messages in {stats["messagesIn"]}, vessels cached {stats["vessels"]}, evaluator tracking {stats["alerts"]!["trackedVessels"]} vessels with {stats["alerts"]!["openEpisodes"]} open episodes, evaluation waits {stats["alerts"]!["inputWaits"]}, shed {stats["alerts"]!["shed"]}
            """));
        Directory.Delete(journal, recursive: true);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AisLive.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository (AisLive.sln) was not found above " + AppContext.BaseDirectory);
    }
}
