using System.Text.Json;
using AisLive.Server.Fleets;
using AisLive.Server.Streaming;

namespace AisLive.Server.Live;

/// <summary>"All my fleets" streams follow fleet changes: vessels added and removed, memberships changed.</summary>
public sealed partial class LiveHub
{
    /// <summary>
    /// Called under the lock when a fleet changes. A vessel added to one of a stream's fleets is sent; one removed is
    /// removed unless another of its fleets still holds it. When the caller's memberships change the stream ends with
    /// <c>event: fleets-changed</c>, and the client opens it again (without <c>Last-Event-ID</c>) over its new fleets.
    /// </summary>
    private void ChangeMine(FleetSnapshot snapshot, FleetChange change)
    {
        foreach (var subscriber in _subscribers.MineOf(change.FleetId))
        {
            var scope = (VesselScope.Mine)subscriber.Scope;
            var now = snapshot.FleetsByUser.GetValueOrDefault(scope.UserId) ?? [];
            if (change.Deleted || (change.MembersChanged && !now.Order().SequenceEqual(scope.FleetIds.Order())))
            {
                subscriber.End(SseEvent.Data("fleets-changed", JsonSerializer.SerializeToUtf8Bytes(new { fleetIds = now })));
                continue;
            }

            foreach (var mmsi in change.AddedVessels)
            {
                if (_cache.Get(mmsi)?.PositionEvent is { } position)
                {
                    subscriber.Offer(position);
                }
            }

            foreach (var mmsi in change.RemovedVessels.Where(m => !scope.Contains(m)))
            {
                subscriber.Offer(SseEvent.Data("remove", JsonSerializer.SerializeToUtf8Bytes(new { mmsi })));
            }
        }
    }
}
