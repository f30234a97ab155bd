namespace AisLive.Server.Places;

/// <summary>One call of a vessel at a place, as <c>GET .../port-calls</c> lists it; <see cref="DepartedAt"/> is null while it is there.</summary>
public sealed record PortCall(uint Mmsi, long PlaceId, string? PlaceName, DateTimeOffset ArrivedAt, DateTimeOffset? DepartedAt, double? MinutesInPort);

/// <summary>An arrival (no <see cref="DepartedAt"/>) or a departure, as the port-call rule decides it, for the log.</summary>
public sealed record PortVisit(uint Mmsi, long PlaceId, DateTimeOffset ArrivedAt, DateTimeOffset? DepartedAt, double? Lat, double? Lon);
