namespace AisLive.Server.Live;

/// <summary>Which vessels a stream carries.</summary>
public abstract record StreamScope
{
    public abstract bool Contains(uint mmsi);

    /// <summary>The stream of a single vessel (<c>/api/vessels/{mmsi}/stream</c>).</summary>
    public sealed record Vessel(uint Mmsi) : StreamScope
    {
        public override bool Contains(uint mmsi) => mmsi == Mmsi;
    }
}
