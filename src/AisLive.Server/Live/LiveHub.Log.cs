namespace AisLive.Server.Live;

/// <summary>The hub on a cluster node: following the cluster's log instead of counting its own sequence.</summary>
public sealed partial class LiveHub
{
    /// <summary>
    /// Makes the hub follow a cluster's log: ids become <paramref name="epoch"/> and log positions, starting after
    /// <paramref name="position"/>; <paramref name="known"/> (the vessels' last stored states, read before the log)
    /// are held as changed at <paramref name="position"/>. Called once, before the first message of the log.
    /// </summary>
    public void FollowLog(string epoch, long position, IEnumerable<(VesselState State, DateTimeOffset HeardAt)> known)
    {
        lock (_gate)
        {
            _epoch = epoch;
            _followsLog = true;
            Interlocked.Exchange(ref _sequence, position);
            foreach (var (state, heardAt) in known)
            {
                _cache.Set(new CachedVessel(state, position, state.HasPosition ? PositionEvent(state, position) : null, heardAt));
            }
        }
    }

    /// <summary>
    /// After a gap in a cluster's log (this node missed positions that were stored meanwhile): takes each stored state
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
