using AisLive.Server.Streaming;

namespace AisLive.Server.Live;

/// <summary>
/// The open position streams, indexed by what they follow: a vessel, a fleet, or (for "all my fleets") each of the
/// caller's fleets. It holds no lock of its own: the hub calls it under the lock it publishes under, so that a new
/// stream's snapshot and the changes after it neither overlap wrongly nor leave a gap.
/// </summary>
internal sealed class SubscriberIndex
{
    private readonly Dictionary<uint, List<StreamSubscriber>> _byVessel = [];
    private readonly Dictionary<long, List<StreamSubscriber>> _byFleet = [];
    private readonly Dictionary<long, List<StreamSubscriber>> _mineByFleet = []; // "all my fleets" streams, under each of their fleets

    /// <summary>The vessels that have a stream of their own open.</summary>
    public IEnumerable<uint> StreamedVessels => _byVessel.Keys;

    public IReadOnlyList<StreamSubscriber> OfVessel(uint mmsi) => _byVessel.GetValueOrDefault(mmsi) ?? [];

    public IReadOnlyList<StreamSubscriber> OfFleet(long fleetId) => _byFleet.GetValueOrDefault(fleetId) ?? [];

    /// <summary>The "all my fleets" streams that hold <paramref name="fleetId"/>.</summary>
    public IReadOnlyList<StreamSubscriber> MineOf(long fleetId) => _mineByFleet.GetValueOrDefault(fleetId) ?? [];

    /// <summary>Every open stream, each once.</summary>
    public IEnumerable<StreamSubscriber> All =>
        _byVessel.Values.Concat(_byFleet.Values).SelectMany(l => l).Concat(_mineByFleet.Values.SelectMany(l => l).Distinct());

    public void Add(StreamSubscriber subscriber, VesselScope scope)
    {
        foreach (var list in Lists(scope))
        {
            list.Add(subscriber);
        }
    }

    public void Remove(StreamSubscriber subscriber, VesselScope scope)
    {
        foreach (var list in Lists(scope))
        {
            list.Remove(subscriber);
        }

        switch (scope)
        {
            case VesselScope.Vessel v when _byVessel.GetValueOrDefault(v.Mmsi) is { Count: 0 }:
                _byVessel.Remove(v.Mmsi);
                break;
            case VesselScope.Fleet f when _byFleet.GetValueOrDefault(f.FleetId) is { Count: 0 }:
                _byFleet.Remove(f.FleetId);
                break;
            case VesselScope.Mine m:
                foreach (var id in m.FleetIds.Where(id => _mineByFleet.GetValueOrDefault(id) is { Count: 0 }))
                {
                    _mineByFleet.Remove(id);
                }

                break;
        }
    }

    /// <summary>Offers a vessel's change to its own streams, its fleets' and the "all my fleets" streams that hold it, each once.</summary>
    public void OfferChange(uint mmsi, long[] fleetIds, SseEvent evt)
    {
        if (_byVessel.TryGetValue(mmsi, out var vesselSubscribers))
        {
            Offer(vesselSubscribers, evt);
        }

        foreach (var fleetId in fleetIds)
        {
            if (_byFleet.TryGetValue(fleetId, out var fleetSubscribers))
            {
                Offer(fleetSubscribers, evt);
            }
        }

        if (_mineByFleet.Count > 0)
        {
            OfferMine(fleetIds, evt);
        }
    }

    /// <summary>A control event (presence) for every open stream of one fleet.</summary>
    public void OfferToFleet(long fleetId, SseEvent evt)
    {
        if (_byFleet.TryGetValue(fleetId, out var subscribers))
        {
            Offer(subscribers, evt);
        }

        if (_mineByFleet.TryGetValue(fleetId, out var mine))
        {
            Offer(mine, evt);
        }
    }

    public void OfferToAll(SseEvent evt)
    {
        foreach (var subscriber in All)
        {
            subscriber.Offer(evt);
        }
    }

    /// <summary>A vessel in one fleet (the usual case) needs no de-duplication across an "all my fleets" stream's fleets.</summary>
    private void OfferMine(long[] fleetIds, SseEvent evt)
    {
        if (fleetIds.Length == 1)
        {
            if (_mineByFleet.TryGetValue(fleetIds[0], out var only))
            {
                Offer(only, evt);
            }

            return;
        }

        HashSet<StreamSubscriber>? offered = null;
        foreach (var fleetId in fleetIds)
        {
            foreach (var subscriber in _mineByFleet.GetValueOrDefault(fleetId) ?? [])
            {
                if ((offered ??= []).Add(subscriber))
                {
                    subscriber.Offer(evt);
                }
            }
        }
    }

    private static void Offer(List<StreamSubscriber> subscribers, SseEvent evt)
    {
        foreach (var subscriber in subscribers)
        {
            subscriber.Offer(evt);
        }
    }

    /// <summary>The lists a stream of <paramref name="scope"/> belongs in (one per fleet for "all my fleets").</summary>
    private List<List<StreamSubscriber>> Lists(VesselScope scope) => scope switch
    {
        VesselScope.Vessel v => [_byVessel.TryGetValue(v.Mmsi, out var list) ? list : _byVessel[v.Mmsi] = []],
        VesselScope.Fleet f => [_byFleet.TryGetValue(f.FleetId, out var list) ? list : _byFleet[f.FleetId] = []],
        VesselScope.Mine m => m.FleetIds.Select(id => _mineByFleet.TryGetValue(id, out var list) ? list : _mineByFleet[id] = []).ToList(),
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };
}
