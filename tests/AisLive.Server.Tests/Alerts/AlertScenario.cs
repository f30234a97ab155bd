using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Fleets;
using AisLive.Server.Storage;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AisLive.Server.Tests.Alerts;

/// <summary>
/// A server whose fleets and rules exist before its replay starts (seeded straight into a fresh, migrated
/// database), so evaluation sees the recording from its first message.
/// </summary>
public static class AlertScenario
{
    public static async Task<AisLiveTestServer> StartAsync(string recordingPath, uint[] vessels, (string UserId, string Role)[] members, params (string Name, string Kind, JsonObject Parameters)[] rules)
    {
        var (database, _) = await SeedDatabaseAsync(vessels, members, rules);
        return await StartOnAsync(database, recordingPath, new FakeTimeProvider(DateTimeOffset.UtcNow)); // frozen: alerts come from the recording's own clock
    }

    /// <summary>A server replaying <paramref name="recordingPath"/> over an already seeded <paramref name="database"/>.</summary>
    public static Task<AisLiveTestServer> StartOnAsync(string database, string recordingPath, TimeProvider? time, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgis"] = database,
            ["Replay:Path"] = recordingPath,
            ["Replay:Rebase"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return AisLiveTestServer.StartAsync(all, time);
    }

    /// <summary>A fresh, migrated database holding one fleet of <paramref name="vessels"/> and the given rules; returns it and the rule ids.</summary>
    public static async Task<(string Database, long[] RuleIds)> SeedDatabaseAsync(uint[] vessels, (string UserId, string Role)[] members, params (string Name, string Kind, JsonObject Parameters)[] rules)
    {
        var database = await PostgisDatabase.CreateAsync();
        await using var dataSource = AisLive.Server.Storage.StorageExtensions.CreateDataSource(database);
        await new SchemaMigrator(dataSource).MigrateAsync(CancellationToken.None);
        var fleetId = await new FleetStore(dataSource).CreateAsync("Scenario fleet", vessels, [.. members.Select(m => new FleetMember(m.UserId, m.Role))], CancellationToken.None);
        var store = new RuleStore(dataSource);
        var ids = new List<long>();
        foreach (var (name, kind, parameters) in rules)
        {
            ids.Add((await store.InsertAsync(new AlertRule(0, name, fleetId, kind, "warning", parameters, null, TimeSpan.Zero, default), CancellationToken.None)).Id);
        }

        return (database, [.. ids]);
    }

    /// <summary>Completes when the replay is stored and every alert it raised is persisted.</summary>
    public static async Task WaitForAlertsAsync(AisLiveTestServer server)
    {
        await server.WaitForReplayStoredAsync();
        var persister = server.App.Services.GetServices<IHostedService>().OfType<AlertPersister>().Single();
        await persister.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public static JsonObject Area((double Lon, double Lat)[] ring) =>
        new() { ["type"] = "Polygon", ["coordinates"] = new JsonArray(new JsonArray([.. ring.Select(p => (JsonNode)new JsonArray(p.Lon, p.Lat))])) };
}
