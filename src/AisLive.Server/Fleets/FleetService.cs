using AisLive.Server.Security;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Fleets;

/// <summary>Validates fleet changes, stores them, and brings the directory (and so the open streams) up to date.</summary>
public sealed class FleetService(FleetStore store, FleetDirectory directory, IOptions<SecurityOptions> security) : IDisposable
{
    private readonly SemaphoreSlim _writes = new(1, 1); // one change at a time keeps the directory in step with the store

    public IEnumerable<string> Validate(FleetRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            yield return "name is required, at most 200 characters.";
        }

        var vessels = request.Vessels ?? [];
        if (vessels.Any(v => !new Ais.Mmsi(v).IsValid))
        {
            yield return "vessels are MMSIs from 1 to 999999999.";
        }

        if (vessels.Distinct().Count() > security.Value.MaxFleetVessels)
        {
            yield return $"a fleet holds at most {security.Value.MaxFleetVessels} vessels (Security:MaxFleetVessels).";
        }

        foreach (var member in request.Members ?? [])
        {
            if (string.IsNullOrWhiteSpace(member.UserId) || member.Role is not (Roles.Operator or Roles.Viewer))
            {
                yield return "members are {userId, role} with role operator or viewer (admins see every fleet already).";
                yield break;
            }
        }
    }

    public async Task<Fleet> CreateAsync(FleetRequest request, CancellationToken cancellationToken) =>
        await WriteAsync(async () => await store.CreateAsync(request.Name!.Trim(), Distinct(request.Vessels), Members(request), cancellationToken), cancellationToken)
        ?? throw new InvalidOperationException("created fleet vanished");

    public Task<Fleet?> ReplaceAsync(long id, FleetRequest request, CancellationToken cancellationToken) =>
        WriteAsync(async () => await store.ReplaceAsync(id, request.Name!.Trim(), Distinct(request.Vessels), Members(request), cancellationToken) ? id : null, cancellationToken);

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var deleted = false;
        await WriteAsync(async () => (deleted = await store.DeleteAsync(id, cancellationToken)) ? id : null, cancellationToken, alwaysApply: id);
        return deleted;
    }

    public Task<Fleet?> SetVesselAsync(long id, uint mmsi, bool member, CancellationToken cancellationToken) =>
        WriteAsync(async () => await store.SetVesselAsync(id, mmsi, member, cancellationToken) ? id : null, cancellationToken);

    /// <summary>Raised after a fleet was written through this process (a cluster node tells the others, which call <see cref="ReloadAsync"/>).</summary>
    public event Action<long>? Written;

    /// <summary>Reads one fleet again (written by another cluster node) and applies it, or its deletion, to the directory.</summary>
    public async Task ReloadAsync(long id, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            directory.Apply(id, await store.GetAsync(id, cancellationToken));
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Reads every fleet again and applies each that differs from the directory's (or is new, or gone), announcing each
    /// change as a write would: a node that missed change notices (cut off from the others) catches up, and the
    /// streams of members it no longer has end. Returns how many fleets changed.
    /// </summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var stored = (await store.LoadAllAsync(cancellationToken)).ToDictionary(f => f.Id);
            var held = directory.Current.Fleets;
            var changed = 0;
            foreach (var id in held.Keys.Union(stored.Keys).ToList())
            {
                var fleet = stored.GetValueOrDefault(id);
                if (!Same(held.GetValueOrDefault(id), fleet))
                {
                    directory.Apply(id, fleet);
                    changed++;
                }
            }

            return changed;
        }
        finally
        {
            _writes.Release();
        }
    }

    private static bool Same(Fleet? a, Fleet? b) =>
        a is null || b is null ? a is null && b is null
        : a.Name == b.Name && a.UpdatedAt == b.UpdatedAt && a.Vessels.Order().SequenceEqual(b.Vessels.Order())
          && a.Members.OrderBy(m => m.UserId, StringComparer.Ordinal).SequenceEqual(b.Members.OrderBy(m => m.UserId, StringComparer.Ordinal));

    /// <summary>Loads every fleet into the directory (at start, after migration).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            directory.Load(await store.LoadAllAsync(cancellationToken));
        }
        finally
        {
            _writes.Release();
        }
    }

    private async Task<Fleet?> WriteAsync(Func<Task<long?>> write, CancellationToken cancellationToken, long? alwaysApply = null)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var id = await write() ?? alwaysApply;
            if (id is null)
            {
                return null;
            }

            var fleet = await store.GetAsync(id.Value, cancellationToken);
            directory.Apply(id.Value, fleet);
            Written?.Invoke(id.Value);
            return fleet;
        }
        finally
        {
            _writes.Release();
        }
    }

    private static List<uint> Distinct(List<uint>? vessels) => (vessels ?? []).Distinct().ToList();

    private static List<FleetMember> Members(FleetRequest request) => (request.Members ?? []).GroupBy(m => m.UserId).Select(g => g.Last()).ToList();

    public void Dispose() => _writes.Dispose();
}
