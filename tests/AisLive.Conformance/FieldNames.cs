using System.Text.Json;
using System.Text.Json.Nodes;

namespace AisLive.Conformance;

/// <summary>The corpus's field names mapped to decode's (SPEC section 4), and how values compare.</summary>
internal static class FieldNames
{
    private static readonly Dictionary<string, string> Renamed = new()
    {
        ["nav_status"] = "navStatus",
        ["sog_knots"] = "sog",
        ["position_accuracy"] = "accuracy",
        ["cog_deg"] = "cog",
        ["utc_second"] = "second",
        ["shipname"] = "shipName",
        ["draught_m"] = "draught",
    };

    public static string ToDecodeName(string corpusName)
    {
        if (Renamed.TryGetValue(corpusName, out var name))
        {
            return name;
        }

        var parts = corpusName.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    public static bool ValuesEqual(JsonNode? expected, JsonNode? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }

        var e = expected.GetValueKind();
        var a = actual.GetValueKind();
        if (e == JsonValueKind.Number && a == JsonValueKind.Number)
        {
            return Math.Abs(expected.GetValue<double>() - actual.GetValue<double>()) <= 1e-9;
        }

        if (e is JsonValueKind.True or JsonValueKind.False && a is JsonValueKind.True or JsonValueKind.False)
        {
            return e == a;
        }

        return e == JsonValueKind.String && a == JsonValueKind.String && expected.GetValue<string>() == actual.GetValue<string>();
    }
}
