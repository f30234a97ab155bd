namespace AisLive.Ais;

/// <summary>
/// Text-bearing voyage and static data (types 5, 19, 21, 24 and their AISStream equivalents). Kept out of
/// <see cref="AisMessage"/> so that position reports, the bulk of traffic, decode without allocating.
/// Text has trailing '@' and spaces removed; leading spaces are kept as sent.
/// </summary>
public sealed record AisStaticData
{
    public string? ShipName { get; init; }
    public string? CallSign { get; init; }
    public int? ImoNumber { get; init; }
    public int? ShipType { get; init; }
    public int? ToBowMeters { get; init; }
    public int? ToSternMeters { get; init; }
    public int? ToPortMeters { get; init; }
    public int? ToStarboardMeters { get; init; }
    public int? EtaMonth { get; init; }
    public int? EtaDay { get; init; }
    public int? EtaHour { get; init; }
    public int? EtaMinute { get; init; }
    public double? DraughtMeters { get; init; }
    public string? Destination { get; init; }

    /// <summary>Type 24: 0 = part A (name), 1 = part B (type, vendor, call sign, dimensions).</summary>
    public int? PartNumber { get; init; }
    public string? VendorId { get; init; }
    public int? UnitModel { get; init; }
    public int? SerialNumber { get; init; }
    public Mmsi? MothershipMmsi { get; init; }

    /// <summary>Type 21: the aid's name with its extension appended.</summary>
    public string? AidName { get; init; }

    public int? LengthMeters => ToBowMeters is { } bow && ToSternMeters is { } stern && bow + stern > 0 ? bow + stern : null;

    public int? WidthMeters => ToPortMeters is { } port && ToStarboardMeters is { } starboard && port + starboard > 0 ? port + starboard : null;
}
