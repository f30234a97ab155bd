using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Security;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Tests.Alerts;

/// <summary>
/// SPEC 9.1: an episode in progress survives a restart of the real service process, by SIGTERM (a deploy) or
/// SIGKILL (a crash). The first process sees the episode start; the second sees the condition go on (no second
/// alert) and then end (the alert opened before the restart is resolved).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Process)]
public sealed class AlertRestartTests : IAsyncLifetime, IDisposable
{
    private const uint Vessel = 244_100_001;
    private const uint Other = 244_100_002; // reports every minute throughout, so the feed's clock moves on
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _journal = Path.Combine(Path.GetTempPath(), $"aislive-alert-restart-{Guid.NewGuid():N}");
    private readonly List<string> _databases = [];

    public static TheoryData<string, bool> Cases()
    {
        var cases = new TheoryData<string, bool>();
        foreach (var kind in new[] { RuleKinds.GeofenceEnter, RuleKinds.SpeedAbove, RuleKinds.NavStatus, RuleKinds.AnchorDrag, RuleKinds.SignalLost })
        {
            cases.Add(kind, false);
            cases.Add(kind, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Restart_MidEpisode_ExactlyOneAlert_ResolvedWhenTheConditionEnds(string kind, bool sigkill)
    {
        var scenario = Scenario.For(kind);
        var (database, ruleIds) = await AlertScenario.SeedDatabaseAsync([Vessel, Other], [("anna", "operator")], ("Restart rule", kind, scenario.Parameters));
        _databases.Add(database);
        using var before = new Recording();
        using var after = new Recording();
        scenario.BeforeRestart(before);
        scenario.AfterRestart(after);
        for (var minute = 0; minute <= 20; minute++)
        {
            (minute <= 10 ? before : after).Position(Other, T0.AddMinutes(minute), 50, 2);
        }

        before.Save();
        after.Save();

        using (var first = await ServerProcess.StartAsync(Settings(database, before.Path)))
        {
            using var http = Client(first);
            await using var stream = await SseClient.ConnectAsync(http, "/api/alerts/stream", lastEventId: "0", timeout: Wait);
            (await stream.ReadEventAsync("alert", Wait)).Data!.ShouldContain(kind);
            if (sigkill)
            {
                first.Kill();
                await first.WaitForExitAsync(Wait);
            }
            else
            {
                first.Terminate();
                await first.WaitForExitAsync(Wait);
                first.ExitCode.ShouldBe(0, first.Output);
            }
        }

        using (var second = await ServerProcess.StartAsync(Settings(database, after.Path)))
        {
            using var http = Client(second);
            await using var stream = await SseClient.ConnectAsync(http, "/api/alerts/stream", lastEventId: "0", timeout: Wait);
            var seen = new List<string>();
            while (seen.LastOrDefault() != "alert-returned") // nobody acknowledged it: its end is alert-returned (SPEC 9.4)
            {
                var message = await stream.ReadEventAsync(Wait) ?? throw new InvalidOperationException("stream ended:\n" + second.Output);
                if (message.Event is "alert" or "alert-resolved" or "alert-returned")
                {
                    seen.Add(message.Event);
                }
            }

            seen.ShouldBe(["alert", "alert-returned"], second.Output);
            second.Terminate();
            await second.WaitForExitAsync(Wait);
        }

        // The database agrees: one episode, resolved, with one event for its start and one for its end.
        (await Count(database, $"SELECT count(*) FROM alerts WHERE rule_id = {ruleIds[0]}")).ShouldBe(1);
        (await Count(database, $"SELECT count(*) FROM alerts WHERE rule_id = {ruleIds[0]} AND status = 'resolved'")).ShouldBe(1);
        (await Count(database, "SELECT count(*) FROM alert_events WHERE type = 'alert'")).ShouldBe(1);
        (await Count(database, "SELECT count(*) FROM alert_events WHERE type IN ('alert-resolved', 'alert-returned')")).ShouldBe(1);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await PostgisDatabase.DropAsync(database);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_journal))
        {
            Directory.Delete(_journal, recursive: true);
        }
    }

    private static Task<long> Count(string database, string sql) => PostgisDatabase.ScalarAsync<long>(database, sql);

    private static HttpClient Client(ServerProcess server)
    {
        var token = new TokenService(Options.Create(new AuthOptions { SigningKey = AisLiveTestServer.SigningKey }), TimeProvider.System).Create("test-admin", Roles.Admin, TimeSpan.FromHours(1));
        var client = new HttpClient { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private Dictionary<string, string> Settings(string database, string recording) => new()
    {
        ["ConnectionStrings:Postgis"] = database,
        ["Auth:SigningKey"] = AisLiveTestServer.SigningKey,
        ["Fleets:SeedPath"] = string.Empty,
        ["Alerts:SeedPath"] = string.Empty,
        ["Places:SeedPath"] = string.Empty,
        ["Ingest:Source"] = "replay",
        ["Replay:Path"] = recording,
        ["Replay:Speed"] = "0",
        ["Replay:Loop"] = "false",
        ["Replay:Rebase"] = "false",
        ["Storage:JournalPath"] = _journal,
    };

    /// <summary>A rule kind's episode, split at the restart: it starts before, goes on after, then ends.</summary>
    private sealed record Scenario(JsonObject Parameters, Action<Recording> BeforeRestart, Action<Recording> AfterRestart)
    {
        public static Scenario For(string kind) => kind switch
        {
            RuleKinds.GeofenceEnter => new(
                new JsonObject { ["area"] = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[3,51],[4,51],[4,52],[3,52],[3,51]]]}"""), ["consecutiveFixes"] = 2 },
                r => Fixes(r, 0, (5.0, 51.5), (3.5, 51.5), (3.5, 51.5), (3.6, 51.5)),
                r => Fixes(r, 11, (3.6, 51.6), (3.7, 51.6), (5.0, 51.6), (5.1, 51.6), (5.2, 51.6))),
            RuleKinds.SpeedAbove => new(
                new JsonObject { ["knots"] = 15, ["consecutiveFixes"] = 2 },
                r => Speeds(r, 0, 5, 20, 20, 21),
                r => Speeds(r, 11, 20, 22, 5, 5, 5)),
            RuleKinds.NavStatus => new(
                new JsonObject { ["statuses"] = new JsonArray(6) },
                r => Statuses(r, 0, 0, 6, 6),
                r => Statuses(r, 11, 6, 6, 0, 0)),
            RuleKinds.AnchorDrag => new(
                new JsonObject { ["meters"] = 100, ["consecutiveFixes"] = 2 },
                r => Anchored(r, 0, (51.0, 1), (51.0, 1), (51.003, 1), (51.0031, 1), (51.0032, 1)),
                r => Anchored(r, 11, (51.0033, 1), (51.0034, 1), (51.0035, 0), (51.0036, 0))),
            RuleKinds.SignalLost => new(
                new JsonObject { ["minutes"] = 5 },
                r => r.Position(Vessel, T0, 51, 3).Position(Vessel, T0.AddMinutes(1), 51, 3),
                r => Speeds(r, 14, 10, 10, 10, 10, 10, 10, 10)), // heard again from minute 14 on, and it stays heard
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        private static void Fixes(Recording r, int minute, params (double Lon, double Lat)[] fixes)
        {
            foreach (var (lon, lat) in fixes)
            {
                r.Position(Vessel, T0.AddMinutes(minute++), lat, lon);
            }
        }

        private static void Speeds(Recording r, int minute, params double[] speeds)
        {
            foreach (var sog in speeds)
            {
                r.Position(Vessel, T0.AddMinutes(minute++), 51, 3, sog: sog);
            }
        }

        private static void Statuses(Recording r, int minute, params int[] statuses)
        {
            foreach (var status in statuses)
            {
                r.Position(Vessel, T0.AddMinutes(minute++), 51, 3, navStatus: status);
            }
        }

        private static void Anchored(Recording r, int minute, params (double Lat, int Status)[] fixes)
        {
            foreach (var (lat, status) in fixes)
            {
                r.Position(Vessel, T0.AddMinutes(minute++), lat, 3, sog: 0.2, navStatus: status);
            }
        }
    }
}
