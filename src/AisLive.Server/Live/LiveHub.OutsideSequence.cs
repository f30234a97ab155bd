using AisLive.Server.Vessels;

namespace AisLive.Server.Live;

/// <summary>
/// The hub fed by an outside, ordered sequence of changes instead of counting its own (a cluster node applies the
/// cluster's log, whose positions are the same on every node).
/// </summary>
public sealed partial class LiveHub
{
    /// <summary>
    /// Makes the hub take its ids from an outside sequence: they become <paramref name="epoch"/> and that sequence's
    /// positions, starting after <paramref name="position"/>; <paramref name="known"/> (the vessels' last stored states)
    /// are held as changed at <paramref name="position"/>. Called once, before the first change of that sequence.
    /// </summary>
    public void StartSequenceAt(string epoch, long position, IEnumerable<(VesselState State, DateTimeOffset HeardAt)> known)
    {
        lock (_gate)
        {
            _epoch = epoch;
            _sequencedOutside = true;
            Interlocked.Exchange(ref _sequence, position);
            foreach (var (state, heardAt) in known)
            {
                _cache.Set(new CachedVessel(state, position, state.HasPosition ? PositionEvent(state, position) : null, heardAt));
            }
        }
    }

    /// <summary>
    /// After a gap in the outside sequence (changes this process missed were stored meanwhile): takes each stored state
    /// newer than the cached one as a change at <paramref name="position"/> and offers it to the streams; returns how many.
    /// </summary>
    public int CatchUp(IEnumerable<(VesselState State, DateTimeOffset HeardAt)> stored, long position)
    {
        var changed = 0;
        lock (_gate)
        {
            Interlocked.Exchange(ref _sequence, Math.Max(_sequence, position));
            foreach (var (state, heardAt) in stored)
            {
                if (_cache.Get(state.Mmsi) is { State.Timestamp: { } known } && known >= state.Timestamp)
                {
                    continue;
                }

                var evt = PositionEvent(state, position);
                _cache.Set(new CachedVessel(state, position, evt, heardAt));
                OfferToScopes(state.Mmsi, evt);
                changed++;
            }
        }

        return changed;
    }
}
