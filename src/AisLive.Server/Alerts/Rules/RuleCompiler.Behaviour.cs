using System.Text.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Places;
using AisLive.Server.Vessels;
using NetTopologySuite.Geometries.Prepared;

namespace AisLive.Server.Alerts;

/// <summary>The parameters of the kinds about behaviour between ships and places (SPEC 9.3), with their defaults.</summary>
public static partial class RuleCompiler
{
    private static readonly string[] AwayFromAnchorages = [PlaceKinds.Port, PlaceKinds.Anchorage];
    private static readonly string[] PortsAndTerminals = [PlaceKinds.Port, PlaceKinds.Terminal];
    private static readonly string[] ArrivalAndDeparture = ["arrival", "departure"];

    /// <summary><c>{meters: 500, minutes: 120, knots: 2, withFleet?, excludePlaceKinds: [port, anchorage]}</c>: Global Fishing Watch's defaults.</summary>
    private static CompiledRule Encounter(AlertRule rule, JsonObject p, List<string> errors)
    {
        var settings = new EncounterSettings(
            Optional(p, "meters", 500, errors), TimeSpan.FromMinutes(Optional(p, "minutes", 120, errors)), Optional(p, "knots", 2, errors),
            WholeNumber(p, "withFleet", errors), PlaceKindList(p, "excludePlaceKinds", AwayFromAnchorages, errors));
        return new CompiledRule
        {
            Rule = rule,
            Encounter = settings,
            Thresholds = new JsonObject
            {
                ["meters"] = settings.Meters, ["minutes"] = settings.Duration.TotalMinutes, ["knots"] = settings.Knots, ["endMeters"] = settings.EndMeters,
                ["withFleet"] = settings.WithFleet, ["excludePlaceKinds"] = Array(settings.ExcludePlaceKinds),
            },
        };
    }

    /// <summary><c>{knots: 2, minutes: 240, area?, excludePlaceKinds: [port, anchorage]}</c>.</summary>
    private static CompiledRule? Loitering(AlertRule rule, JsonObject p, int maxVertices, List<string> errors)
    {
        IPreparedGeometry? area = null;
        if (p["area"] is not null)
        {
            if (GeoJsonArea.Read(p["area"], maxVertices, "parameters.area", out var error) is not { } geometry)
            {
                errors.Add(error!);
                return null;
            }

            area = PreparedGeometryFactory.Prepare(geometry);
        }

        var settings = new LoiteringSettings(Optional(p, "knots", 2, errors), TimeSpan.FromMinutes(Optional(p, "minutes", 240, errors)), area, PlaceKindList(p, "excludePlaceKinds", AwayFromAnchorages, errors));
        return new CompiledRule
        {
            Rule = rule,
            Loitering = settings,
            Thresholds = new JsonObject
            {
                ["knots"] = settings.Knots, ["minutes"] = settings.Duration.TotalMinutes, ["endKnots"] = settings.EndKnots, ["inArea"] = area is not null,
                ["excludePlaceKinds"] = Array(settings.ExcludePlaceKinds),
            },
        };
    }

    /// <summary><c>{places?: [id], placeKinds: [port, terminal], events: [arrival, departure]}</c>; given places win over kinds.</summary>
    private static CompiledRule PortCall(AlertRule rule, JsonObject p, List<string> errors)
    {
        HashSet<long>? places = null;
        if (p["places"] is { } list)
        {
            places = (list as JsonArray ?? []).Select(n => Number(n) is { } id && id == Math.Floor(id) && id > 0 ? (long)id : -1).ToHashSet();
            if (list is not JsonArray || places.Count == 0 || places.Contains(-1))
            {
                errors.Add("parameters.places is a non-empty list of place ids.");
            }
        }

        var events = Words(p, "events", ArrivalAndDeparture, ArrivalAndDeparture, errors);
        var settings = new PortCallSettings(places, PlaceKindList(p, "placeKinds", PortsAndTerminals, errors), events.Contains("arrival"), events.Contains("departure"));
        return new CompiledRule
        {
            Rule = rule,
            PortCall = settings,
            Thresholds = new JsonObject
            {
                ["places"] = places is null ? null : new JsonArray([.. places.Order().Select(id => (JsonNode)id)]),
                ["placeKinds"] = Array(settings.PlaceKinds), ["events"] = Array(events),
                ["stoppedKnots"] = PortCallSettings.StoppedKnots, ["stoppedMinutes"] = PortCallSettings.StoppedFor.TotalMinutes, ["insideMinutes"] = PortCallSettings.InsideFor.TotalMinutes,
            },
        };
    }

    /// <summary><c>{factor: 6, minMinutes: 10, watchAreas?: [GeoJSON geometry, or Feature with properties.name]}</c>.</summary>
    private static CompiledRule? Dark(AlertRule rule, JsonObject p, int maxVertices, List<string> errors)
    {
        var areas = new List<WatchArea>();
        if (p["watchAreas"] is { } given)
        {
            if (given is not JsonArray list)
            {
                errors.Add("parameters.watchAreas is a list of GeoJSON Polygons, MultiPolygons or Features with one.");
                return null;
            }

            foreach (var (node, index) in list.Select((n, i) => (n, i)))
            {
                var feature = node as JsonObject;
                var geometry = feature?["type"]?.GetValueKind() == JsonValueKind.String && feature["type"]!.GetValue<string>() == "Feature" ? feature["geometry"] : node;
                if (GeoJsonArea.Read(geometry, maxVertices, $"parameters.watchAreas[{index}]", out var error) is not { } area)
                {
                    errors.Add(error!);
                    return null;
                }

                var name = feature?["properties"]?["name"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : $"watch area {index + 1}";
                areas.Add(new WatchArea(name, area));
            }
        }

        var settings = new DarkSettings(Optional(p, "factor", 6, errors), TimeSpan.FromMinutes(Optional(p, "minMinutes", 10, errors)), areas);
        return new CompiledRule
        {
            Rule = rule,
            Dark = settings,
            Thresholds = new JsonObject
            {
                ["factor"] = settings.Factor, ["minMinutes"] = settings.MinSilence.TotalMinutes,
                ["watchAreas"] = new JsonArray([.. areas.Select(a => (JsonNode)a.Name)]),
            },
        };
    }

    /// <summary><c>{maxKnots: 50, minMeters: 2000, flapsPerHour: 3}</c>.</summary>
    private static CompiledRule Identity(AlertRule rule, JsonObject p, List<string> errors)
    {
        var flaps = Optional(p, "flapsPerHour", 3, errors);
        if (flaps != Math.Floor(flaps) || flaps < 2)
        {
            errors.Add("parameters.flapsPerHour is a whole number of 2 or more.");
        }

        var settings = new IdentitySettings(Optional(p, "maxKnots", 50, errors), Optional(p, "minMeters", 2000, errors), (int)flaps);
        return new CompiledRule
        {
            Rule = rule,
            Identity = settings,
            Thresholds = new JsonObject { ["maxKnots"] = settings.MaxKnots, ["minMeters"] = settings.MinMeters, ["flapsPerHour"] = settings.FlapsPerHour },
        };
    }

    /// <summary>The older kinds' thresholds: their parameters as given, without geometry (an area is shown on the map, not in the evidence).</summary>
    private static JsonObject Thresholds(JsonObject p)
    {
        var thresholds = new JsonObject();
        foreach (var (name, value) in p)
        {
            if (name is not ("area" or "watchAreas"))
            {
                thresholds[name] = value?.DeepClone();
            }
        }

        return thresholds;
    }

    private static double Optional(JsonObject p, string name, double defaultValue, List<string> errors) =>
        p[name] is null ? defaultValue : Positive(p, name, errors);

    private static long? WholeNumber(JsonObject p, string name, List<string> errors)
    {
        if (p[name] is null)
        {
            return null;
        }

        if (Number(p, name) is { } value && value == Math.Floor(value) && value > 0)
        {
            return (long)value;
        }

        errors.Add($"parameters.{name} is an id (a whole number above 0).");
        return null;
    }

    private static HashSet<string> PlaceKindList(JsonObject p, string name, string[] defaults, List<string> errors) =>
        Words(p, name, defaults, PlaceKinds.All, errors);

    private static HashSet<string> Words(JsonObject p, string name, IEnumerable<string> defaults, IEnumerable<string> allowed, List<string> errors)
    {
        if (p[name] is null)
        {
            return [.. defaults];
        }

        var known = allowed.ToHashSet();
        var words = (p[name] as JsonArray ?? []).Select(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "").ToHashSet();
        if (p[name] is not JsonArray || words.Any(w => !known.Contains(w)))
        {
            errors.Add($"parameters.{name} is a list of: {string.Join(", ", known)}.");
        }

        return words;
    }

    private static JsonArray Array(IEnumerable<string> words) => new([.. words.Order(StringComparer.Ordinal).Select(w => (JsonNode)w)]);
}
