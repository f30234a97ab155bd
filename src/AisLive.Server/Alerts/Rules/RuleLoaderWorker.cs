using System.Text.Json.Nodes;
using AisLive.Server.Fleets;
using AisLive.Server.Storage;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>
/// Once the schema is migrated and the fleets are loaded: seeds the demo places and rules into empty tables (when
/// configured), then loads and compiles the rules, retrying while the database is away.
/// </summary>
public sealed class RuleLoaderWorker(RuleDirectory rules, RuleStore store, Places.PlaceDirectory places, IOptions<Places.PlaceOptions> placeOptions, FleetDirectory fleets, DatabaseState database, DatabaseRetry retry, Npgsql.NpgsqlDataSource dataSource, IOptions<AlertOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitForMigrationAsync(stoppingToken);
        await fleets.WhenLoadedAsync(stoppingToken);
        await retry.For("Loading alert rules").ExecuteAsync(
            async token =>
            {
                await SeedAsync(token);
                await rules.ReloadAsync(token);
            },
            stoppingToken);
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (placeOptions.Value.SeedPath is { Length: > 0 } placesPath)
        {
            await using var seedingPlaces = await SeedLock.AcquireAsync(dataSource, 7403175, cancellationToken);
            await places.SeedAsync(placesPath, cancellationToken); // before the rules: they are loaded with the places
        }

        if (options.Value.SeedPath is not { Length: > 0 } path)
        {
            return;
        }

        await using var seeding = await SeedLock.AcquireAsync(dataSource, 7403174, cancellationToken); // one node of a cluster seeds
        if ((await store.LoadAllAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        foreach (var entry in JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken))!.AsArray().OfType<JsonObject>())
        {
            var fleetName = entry["fleet"]?.GetValue<string>();
            if (fleets.Current.Fleets.Values.FirstOrDefault(f => f.Name == fleetName) is not { } fleet)
            {
                continue; // its fleet is not here (a database with fleets of its own)
            }

            var cooldown = entry["cooldown"]?.GetValue<string>() is { } text ? TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.Zero;
            var escalation = entry["escalation"] is JsonObject e
                ? new AlertEscalation(TimeSpan.Parse(e["after"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), [.. e["to"]!.AsArray().Select(u => u!.GetValue<string>())])
                : null;
            await store.InsertAsync(
                new AlertRule(0, entry["name"]!.GetValue<string>(), fleet.Id, entry["kind"]!.GetValue<string>(), entry["severity"]!.GetValue<string>(),
                    entry["parameters"]!.DeepClone().AsObject(), null, cooldown, default) { Escalation = escalation },
                cancellationToken);
        }
    }
}
