namespace AisLive.Server.Fleets;

/// <summary>
/// The current <see cref="FleetSnapshot"/>, loaded from PostgreSQL after migration and replaced after every
/// change, with <see cref="Changed"/> raised so open streams follow membership and vessel changes at once.
/// Single-instance by design: a second instance would need LISTEN/NOTIFY to hear the first one's changes.
/// </summary>
public sealed class FleetDirectory
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile FleetSnapshot _current = FleetSnapshot.Empty;

    public FleetSnapshot Current => _current;

    public event Action<FleetSnapshot, FleetChange>? Changed;

    public Task WhenLoadedAsync(CancellationToken cancellationToken) => _loaded.Task.WaitAsync(cancellationToken);

    public void Load(IEnumerable<Fleet> fleets)
    {
        _current = new FleetSnapshot(fleets);
        _loaded.TrySetResult();
    }

    /// <summary>Replaces one fleet (or removes it, when <paramref name="fleet"/> is null) and announces the change.</summary>
    public void Apply(long fleetId, Fleet? fleet)
    {
        var before = _current.Fleets.GetValueOrDefault(fleetId);
        var after = new FleetSnapshot(_current.Fleets.Values.Where(f => f.Id != fleetId).Concat(fleet is null ? [] : [fleet]));
        _current = after;
        var oldVessels = before?.Vessels ?? [];
        var newVessels = fleet?.Vessels ?? [];
        var change = new FleetChange(
            fleetId,
            newVessels.Except(oldVessels).ToList(),
            oldVessels.Except(newVessels).ToList(),
            !(before?.Members ?? []).OrderBy(m => m.UserId).SequenceEqual((fleet?.Members ?? []).OrderBy(m => m.UserId)),
            fleet is null);
        Changed?.Invoke(after, change);
    }
}
