using AisLive.Server.Security;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>The current compiled <see cref="RuleSnapshot"/>, rebuilt from the store after every rule change (as <see cref="Fleets.FleetDirectory"/> holds the fleets).</summary>
public sealed class RuleDirectory(RuleStore store, IOptions<SecurityOptions> security) : IDisposable
{
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
            var compiled = (await store.LoadAllAsync(cancellationToken))
                .Select(r => RuleCompiler.Compile(r, security.Value.MaxPolygonVertices).Rule)
                .OfType<CompiledRule>();
            _current = new RuleSnapshot(compiled);
            _loaded.TrySetResult();
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Dispose() => _reload.Dispose();
}
