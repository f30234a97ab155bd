using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace AisLive.Server.Alerts;

/// <summary>A rule with its parameters parsed and its area prepared for fast point tests.</summary>
public sealed class CompiledRule
{
    public required AlertRule Rule { get; init; }

    public Geometry? Area { get; init; }

    public IPreparedGeometry? PreparedArea { get; init; }

    public double Knots { get; init; }

    public double HysteresisKnots { get; init; }

    public TimeSpan SilentFor { get; init; }

    public IReadOnlySet<int> Statuses { get; init; } = new HashSet<int>();

    public double Meters { get; init; }

    /// <summary>Distress: beacons in test mode raise alerts too.</summary>
    public bool IncludeTests { get; init; }

    /// <summary>Fixes in a row that must agree before an episode starts or ends: AIS positions jitter.</summary>
    public int ConsecutiveFixes { get; init; } = 1;

    /// <summary>The thresholds that applied, as every alert's evidence shows them (the parameters with their defaults, no geometry).</summary>
    public System.Text.Json.Nodes.JsonObject Thresholds { get; internal set; } = [];

    public EncounterSettings? Encounter { get; init; }

    public LoiteringSettings? Loitering { get; init; }

    public PortCallSettings? PortCall { get; init; }

    public DarkSettings? Dark { get; init; }

    public IdentitySettings? Identity { get; init; }

    public long Id => Rule.Id;

    public string Kind => Rule.Kind;
}
