using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AisLive.Server.Security;
using AisLive.Server.Vessels;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Places;

/// <summary>
/// The current <see cref="PlaceSnapshot"/>, read again from the store after every change. Whoever evaluates against
/// places (the alert rules) reloads it with its own data and hears of changes made here through <see cref="Written"/>.
/// </summary>
public sealed partial class PlaceDirectory(PlaceStore store, IOptions<SecurityOptions> security) : IDisposable
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile PlaceSnapshot _current = PlaceSnapshot.Empty;

    public PlaceSnapshot Current => _current;

    /// <summary>Raised after a place was written through this process's API (the rules that use places reload).</summary>
    public event Func<CancellationToken, Task>? Written;

    public async Task<PlaceSnapshot> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            var places = await store.LoadAllAsync(cancellationToken);
            var compiled = places.Select(p => GeoJsonArea.Read(p.Area, int.MaxValue, "area", out _) is { } area ? PlaceSnapshot.Compile(p, area) : null).OfType<CompiledPlace>();
            return _current = new PlaceSnapshot(compiled);
        }
        finally
        {
            _reload.Release();
        }
    }

    public async Task WrittenHereAsync(CancellationToken cancellationToken)
    {
        if (Written is { } written)
        {
            await written(cancellationToken); // reloads this directory too
        }
        else
        {
            await ReloadAsync(cancellationToken);
        }
    }

    /// <summary>What is wrong with a place request; empty when it can be stored.</summary>
    public List<string> Validate(PlaceRequest request)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors.Add("name is required, at most 200 characters.");
        }

        if (request.Kind is null || !PlaceKinds.All.Contains(request.Kind))
        {
            errors.Add($"kind must be one of {string.Join(", ", PlaceKinds.All)}.");
        }

        if (request.Unlocode is not null && !Unlocode().IsMatch(request.Unlocode))
        {
            errors.Add("unlocode is a UN/LOCODE: two letters of country and three of place, e.g. NLRTM.");
        }

        if (GeoJsonArea.Read(request.Area, security.Value.MaxPolygonVertices, "area", out var error) is null)
        {
            errors.Add(error!);
        }

        return errors;
    }

    /// <summary>Loads <paramref name="path"/> (a JSON array of place requests) into an empty place table.</summary>
    public async Task SeedAsync(string path, CancellationToken cancellationToken)
    {
        if ((await store.LoadAllAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        foreach (var entry in JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken))!.AsArray().OfType<JsonObject>())
        {
            var request = new PlaceRequest(entry["name"]?.GetValue<string>(), entry["kind"]?.GetValue<string>(), entry["area"]?.DeepClone().AsObject(), entry["unlocode"]?.GetValue<string>());
            if (Validate(request) is { Count: > 0 } errors)
            {
                throw new InvalidDataException($"Places:SeedPath {path}: place '{request.Name}': {string.Join(" ", errors)}");
            }

            await store.InsertAsync(request.Name!, request.Kind!, request.Unlocode, request.Area!, cancellationToken);
        }
    }

    public void Dispose() => _reload.Dispose();

    [GeneratedRegex("^[A-Z]{2}[A-Z2-9]{3}$")]
    private static partial Regex Unlocode();
}
