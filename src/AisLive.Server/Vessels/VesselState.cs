namespace AisLive.Server.Vessels;

/// <summary>
/// The latest known state of one vessel: its last position merged with its static data. This is the
/// <c>data:</c> of every <c>position</c> event and the body of <c>GET /api/vessels/{mmsi}</c>.
/// </summary>
public sealed record VesselState
{
    public required uint Mmsi { get; init; }
    public double? Lat { get; init; }
    public double? Lon { get; init; }
    public double? Sog { get; init; }
    public double? Cog { get; init; }
    public int? Heading { get; init; }

    /// <summary>Degrees per minute, positive to starboard; null when not available.</summary>
    public double? RateOfTurn { get; init; }
    public int? NavStatus { get; init; }

    /// <summary>When the last position was sent.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>When the last position was received here.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }
    public string? Name { get; init; }
    public string? Callsign { get; init; }
    public int? Imo { get; init; }
    public int? ShipType { get; init; }
    public string? Destination { get; init; }

    /// <summary>The next occurrence of the reported ETA (AIS sends no year), in UTC.</summary>
    public DateTimeOffset? Eta { get; init; }
    public double? Draught { get; init; }
    public int? Length { get; init; }
    public int? Width { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasPosition => Lat is not null && Lon is not null;
}
