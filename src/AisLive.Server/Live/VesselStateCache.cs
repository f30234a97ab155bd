using System.Collections.Concurrent;
using AisLive.Server.Streaming;
using AisLive.Server.Vessels;

namespace AisLive.Server.Live;

/// <summary>
/// The latest state of every vessel heard from, with the sequence number of its last change and that
/// change's formatted event. Written by the live worker only; read concurrently by endpoints and streams
/// (entries are immutable and replaced whole).
/// </summary>
public sealed class VesselStateCache
{
    private readonly ConcurrentDictionary<uint, CachedVessel> _vessels = new();

    public int Count => _vessels.Count;

    public CachedVessel? Get(uint mmsi) => _vessels.GetValueOrDefault(mmsi);

    public void Set(CachedVessel vessel) => _vessels[vessel.State.Mmsi] = vessel;

    public IEnumerable<CachedVessel> All => _vessels.Values;

    public bool Remove(uint mmsi) => _vessels.TryRemove(mmsi, out _);
}

/// <summary>A vessel's state, the sequence of its last change, the <c>position</c> event announcing it, and when it was last heard.</summary>
public sealed record CachedVessel(VesselState State, long Sequence, SseEvent? PositionEvent, DateTimeOffset HeardAt);
