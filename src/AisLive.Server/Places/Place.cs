using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace AisLive.Server.Places;

/// <summary>The kinds of place.</summary>
public static class PlaceKinds
{
    public const string Port = "port";
    public const string Anchorage = "anchorage";
    public const string Terminal = "terminal";
    public const string Canal = "canal";
    public const string Other = "other";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Port, Anchorage, Terminal, Canal, Other };
}

/// <summary>A place as the API shows it: <c>area</c> is its GeoJSON Polygon or MultiPolygon.</summary>
public sealed record Place(long Id, string Name, string Kind, string? Unlocode, JsonObject Area, DateTimeOffset UpdatedAt);

/// <summary>The body of <c>POST /api/places</c> and <c>PUT /api/places/{id}</c>.</summary>
public sealed record PlaceRequest(string? Name, string? Kind, JsonObject? Area, string? Unlocode);

/// <summary>A place with its area prepared for fast point tests, as the rules use it.</summary>
public sealed class CompiledPlace
{
    public required Place Place { get; init; }

    public required Geometry Area { get; init; }

    public required IPreparedGeometry Prepared { get; init; }

    public long Id => Place.Id;

    public string Kind => Place.Kind;

    public string Name => Place.Name;
}
