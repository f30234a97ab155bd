using AisLive.Server.Fleets;

namespace AisLive.Server.Live;

/// <summary>Which vessels a stream carries.</summary>
public abstract record StreamScope
{
    /// <summary>The metric tag and stats key of this kind of stream.</summary>
    public abstract string Kind { get; }

    public abstract bool Contains(uint mmsi);

    /// <summary>The vessels in scope now.</summary>
    public abstract IEnumerable<uint> Vessels { get; }

    /// <summary>The stream of a single vessel (<c>/api/vessels/{mmsi}/stream</c>).</summary>
    public sealed record Vessel(uint Mmsi) : StreamScope
    {
        public override string Kind => "vessel";

        public override bool Contains(uint mmsi) => mmsi == Mmsi;

        public override IEnumerable<uint> Vessels => [Mmsi];
    }

    /// <summary>The caller's alerts stream (<c>/api/alerts/stream</c>): no vessels, durable alert events only.</summary>
    public sealed record Alerts : StreamScope
    {
        public override string Kind => "alerts";

        public override bool Contains(uint mmsi) => false;

        public override IEnumerable<uint> Vessels => [];
    }

    /// <summary>
    /// All the caller's fleets in one stream (<c>/api/me/stream</c>): the fleets they were a member of when it opened
    /// (<see cref="FleetIds"/>), each vessel once however many of those fleets hold it.
    /// </summary>
    public sealed record Mine(string UserId, long[] FleetIds, FleetDirectory Directory) : StreamScope
    {
        public override string Kind => "mine";

        public override bool Contains(uint mmsi) => Directory.Current.FleetsOf(mmsi).Any(FleetIds.Contains);

        public override IEnumerable<uint> Vessels =>
            FleetIds.SelectMany(id => Directory.Current.Fleets.TryGetValue(id, out var fleet) ? fleet.Vessels : []).Distinct();
    }

    /// <summary>The stream of a fleet (<c>/api/fleets/{id}/stream</c>): its vessels as they are at each moment.</summary>
    public sealed record Fleet(long FleetId, FleetDirectory Directory) : StreamScope
    {
        public override string Kind => "fleet";

        public override bool Contains(uint mmsi) => Directory.Current.Contains(FleetId, mmsi);

        public override IEnumerable<uint> Vessels => Directory.Current.Fleets.TryGetValue(FleetId, out var fleet) ? fleet.Vessels : [];
    }
}
