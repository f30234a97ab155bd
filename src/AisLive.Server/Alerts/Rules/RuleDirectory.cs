using AisLive.Server.Places;
using AisLive.Server.Security;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>
/// The current compiled <see cref="RuleSnapshot"/>, rebuilt from the store after every rule change (as <see cref="Fleets.FleetDirectory"/> holds the fleets).
/// The places the rules test against are read again with them, so evaluation always sees a matching pair; a place
/// written here counts as a rule change (so a cluster's other nodes reload both).
/// </summary>
public sealed class RuleDirectory : IDisposable
{
    private readonly RuleStore _store;
    private readonly PlaceDirectory _places;
    private readonly IOptions<SecurityOptions> _security;

    public RuleDirectory(RuleStore store, PlaceDirectory places, IOptions<SecurityOptions> security)
    {
        _store = store;
        _places = places;
        _security = security;
        places.Written += WrittenHereAsync;
    }

    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile RuleSnapshot _current = RuleSnapshot.Empty;

    public RuleSnapshot Current => _current;

    public bool IsLoaded => _loaded.Task.IsCompleted;

    public Task WhenLoadedAsync(CancellationToken cancellationToken) => _loaded.Task.WaitAsync(cancellationToken);

    /// <summary>Raised after a rule was written through this process (a cluster node tells the others, which reload).</summary>
    public event Action? Written;

    /// <summary>Reloads after a write through this process's API, and says so (<see cref="Written"/>).</summary>
    public async Task WrittenHereAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        Written?.Invoke();
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            var placeSnapshot = await _places.ReloadAsync(cancellationToken);
            var compiled = (await _store.LoadAllAsync(cancellationToken))
                .Select(r => RuleCompiler.Compile(r, _security.Value.MaxPolygonVertices).Rule)
                .OfType<CompiledRule>();
            _current = new RuleSnapshot(compiled, placeSnapshot);
            _loaded.TrySetResult();
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Dispose() => _reload.Dispose();
}
