using System.Text.Json;
using System.Text.Json.Nodes;
using AisLive.Server.Vessels;
using NetTopologySuite.Geometries.Prepared;

namespace AisLive.Server.Alerts;

/// <summary>Validates a rule and turns its JSON parameters into a <see cref="CompiledRule"/>.</summary>
public static partial class RuleCompiler
{
    public static (CompiledRule? Rule, List<string> Errors) Compile(AlertRule rule, int maxPolygonVertices)
    {
        var errors = new List<string>();
        var p = rule.Parameters;
        try
        {
            var compiled = rule.Kind switch
            {
                RuleKinds.GeofenceEnter or RuleKinds.GeofenceExit => Geofence(rule, p, maxPolygonVertices, errors),
                RuleKinds.SpeedAbove => new CompiledRule
                {
                    Rule = rule,
                    Knots = Positive(p, "knots", errors),
                    HysteresisKnots = Number(p, "hysteresisKnots") ?? 1,
                    ConsecutiveFixes = Fixes(p, 2, errors),
                },
                RuleKinds.SignalLost => new CompiledRule { Rule = rule, SilentFor = TimeSpan.FromMinutes(Positive(p, "minutes", errors)) },
                RuleKinds.NavStatus => new CompiledRule { Rule = rule, Statuses = Statuses(p, errors) },
                RuleKinds.AnchorDrag => new CompiledRule { Rule = rule, Meters = Positive(p, "meters", errors), ConsecutiveFixes = Fixes(p, 2, errors) },
                RuleKinds.Distress => DistressRule(rule, p, maxPolygonVertices, errors),
                RuleKinds.Encounter => Encounter(rule, p, errors),
                RuleKinds.Loitering => Loitering(rule, p, maxPolygonVertices, errors),
                RuleKinds.PortCall => PortCall(rule, p, errors),
                RuleKinds.Dark => Dark(rule, p, maxPolygonVertices, errors),
                RuleKinds.Identity => Identity(rule, p, errors),
                _ => null,
            };
            if (compiled is null)
            {
                if (!RuleKinds.All.Contains(rule.Kind))
                {
                    errors.Add($"kind must be one of {string.Join(", ", RuleKinds.All)}.");
                }
            }
            else if (compiled.Thresholds.Count == 0)
            {
                compiled.Thresholds = Thresholds(p); // the new kinds state theirs with the defaults applied
            }

            return (errors.Count == 0 ? compiled : null, errors);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException or ArgumentException)
        {
            errors.Add("parameters are malformed: " + ex.Message);
            return (null, errors);
        }
    }

    /// <summary>Distress: <c>{area?, includeTests?: false, minutes?: 30}</c>; no area means anywhere.</summary>
    private static CompiledRule? DistressRule(AlertRule rule, JsonObject p, int maxVertices, List<string> errors)
    {
        var minutes = p["minutes"] is null ? 30 : Positive(p, "minutes", errors);
        if (p["includeTests"] is { } tests && tests.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add("parameters.includeTests is true or false.");
        }

        var includeTests = p["includeTests"]?.GetValueKind() == JsonValueKind.True;
        var area = p["area"] is null ? null : Geofence(rule, p, maxVertices, errors);
        return p["area"] is not null && area is null
            ? null
            : new CompiledRule
            {
                Rule = rule with { Severity = "critical" }, // about lives, whatever was asked for
                Area = area?.Area,
                PreparedArea = area?.PreparedArea,
                IncludeTests = includeTests,
                SilentFor = TimeSpan.FromMinutes(minutes),
            };
    }

    private static CompiledRule? Geofence(AlertRule rule, JsonObject p, int maxVertices, List<string> errors)
    {
        if (GeoJsonArea.Read(p["area"], maxVertices, "parameters.area", out var error) is not { } geometry)
        {
            errors.Add(error!);
            return null;
        }

        return new CompiledRule { Rule = rule, Area = geometry, PreparedArea = PreparedGeometryFactory.Prepare(geometry), ConsecutiveFixes = Fixes(p, 2, errors) };
    }

    /// <summary>A JSON number however the node was made (parsed, or built from an int or a double in code).</summary>
    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null;

    private static double? Number(JsonObject p, string name) => Number(p[name]);

    private static double Positive(JsonObject p, string name, List<string> errors)
    {
        if (Number(p, name) is { } value && value > 0 && double.IsFinite(value))
        {
            return value;
        }

        errors.Add($"parameters.{name} must be a number above 0.");
        return 0;
    }

    private static int Fixes(JsonObject p, int defaultFixes, List<string> errors)
    {
        var value = Number(p, "consecutiveFixes") ?? defaultFixes;
        if (value is < 1 or > 100 || value != Math.Floor(value))
        {
            errors.Add("parameters.consecutiveFixes must be a whole number from 1 to 100.");
            return defaultFixes;
        }

        return (int)value;
    }

    private static HashSet<int> Statuses(JsonObject p, List<string> errors)
    {
        var statuses = (p["statuses"] as JsonArray ?? []).Select(s => Number(s) is { } n && n == Math.Floor(n) ? (int)n : -1).ToHashSet();
        if (statuses.Count == 0 || statuses.Any(s => s is < 0 or > 15))
        {
            errors.Add("parameters.statuses must be a non-empty list of navigational statuses 0-15.");
        }

        return statuses;
    }
}
