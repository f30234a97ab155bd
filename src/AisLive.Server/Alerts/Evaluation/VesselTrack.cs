using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>What the evaluator remembers of one watched vessel: its last state, the areas it was in, its episodes by rule.</summary>
internal sealed class VesselTrack
{
    public VesselState? Last;
    public HashSet<long>? Areas;
    public DateTimeOffset? DistressHeardAt; // when a distress device was last heard (its episodes end on silence)
    public readonly Dictionary<long, EpisodeState> Episodes = [];
}

/// <summary>One rule's episode for one vessel: open or not, the fixes counted towards a change, its last raise.</summary>
internal sealed class EpisodeState
{
    public CompiledRule? Rule;
    public bool Open;
    public bool Geofence;
    public int Counter;
    public DateTimeOffset? LastRaised;
    public (double Lat, double Lon)? Anchor;
}
