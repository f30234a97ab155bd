using System.Text.Json;
using AisLive.Server.Fleets;
using AisLive.Server.Streaming;

namespace AisLive.Server.Live;

/// <summary>Open streams follow fleet changes at once: vessels added and removed, access revoked, memberships changed.</summary>
public sealed partial class LiveHub
{
    private void OnFleetChanged(FleetSnapshot snapshot, FleetChange change)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers.OfFleet(change.FleetId))
            {
                if (change.Deleted || !snapshot.CanRead(subscriber.User, change.FleetId))
                {
                    subscriber.End(SseEvent.Data("access-revoked", JsonSerializer.SerializeToUtf8Bytes(new { fleetId = change.FleetId, deleted = change.Deleted })));
                    continue;
                }

                foreach (var mmsi in change.AddedVessels)
                {
                    if (_cache.Get(mmsi)?.PositionEvent is { } position)
                    {
                        subscriber.Offer(position);
                    }
                }

                foreach (var mmsi in change.RemovedVessels)
                {
                    subscriber.Offer(SseEvent.Data("remove", JsonSerializer.SerializeToUtf8Bytes(new { mmsi })));
                }
            }

            ChangeMine(snapshot, change);

            // A vessel stream lives as long as its user may see the vessel through some fleet.
            foreach (var mmsi in change.RemovedVessels.Concat(change.MembersChanged || change.Deleted ? _subscribers.StreamedVessels : []).Distinct())
            {
                foreach (var subscriber in _subscribers.OfVessel(mmsi))
                {
                    if (!snapshot.CanSee(subscriber.User, mmsi))
                    {
                        subscriber.End(SseEvent.Data("access-revoked", JsonSerializer.SerializeToUtf8Bytes(new { mmsi })));
                    }
                }
            }
        }
    }
}
