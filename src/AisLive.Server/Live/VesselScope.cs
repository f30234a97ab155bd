using AisLive.Server.Fleets;
using AisLive.Server.Streaming;

namespace AisLive.Server.Live;

/// <summary>Which vessels a position stream carries.</summary>
public abstract record VesselScope : StreamScope
{
    public abstract bool Contains(uint mmsi);

    /// <summary>The vessels in scope now.</summary>
    public abstract IEnumerable<uint> Vessels { get; }

    /// <summary>The stream of a single vessel (<c>/api/vessels/{mmsi}/stream</c>).</summary>
    public sealed record Vessel(uint Mmsi) : VesselScope
    {
        public override string Kind => "vessel";

        public override bool Contains(uint mmsi) => mmsi == Mmsi;

        public override IEnumerable<uint> Vessels => [Mmsi];
    }

    /// <summary>
    /// All the caller's fleets in one stream (<c>/api/me/stream</c>): the fleets they were a member of when it opened
    /// (<see cref="FleetIds"/>), each vessel once however many of those fleets hold it.
    /// </summary>
    public sealed record Mine(string UserId, long[] FleetIds, FleetDirectory Directory) : VesselScope
    {
        public override string Kind => "mine";

        public override bool Contains(uint mmsi) => Directory.Current.FleetsOf(mmsi).Any(FleetIds.Contains);

        public override IEnumerable<uint> Vessels =>
            FleetIds.SelectMany(id => Directory.Current.Fleets.TryGetValue(id, out var fleet) ? fleet.Vessels : []).Distinct();
    }

    /// <summary>The stream of a fleet (<c>/api/fleets/{id}/stream</c>): its vessels as they are at each moment.</summary>
    public sealed record Fleet(long FleetId, FleetDirectory Directory) : VesselScope
    {
        public override string Kind => "fleet";

        public override bool Contains(uint mmsi) => Directory.Current.Contains(FleetId, mmsi);

        public override IEnumerable<uint> Vessels => Directory.Current.Fleets.TryGetValue(FleetId, out var fleet) ? fleet.Vessels : [];
    }
}
