using System.Text.Json.Nodes;

namespace AisLive.Server.Alerts;

/// <summary>
/// The evidence every alert carries: <c>{thresholds, fixes: [{ts, lat, lon, sog}], ...}</c>, the rule's thresholds as
/// they applied and the vessel's last fixes (the ones that raised it), plus what the kind measured.
/// </summary>
internal static class AlertEvidence
{
    public static JsonObject Of(CompiledRule rule, VesselTrack track, JsonObject? measured = null) => Of(rule, track.Recent(), measured);

    public static JsonObject Of(CompiledRule rule, IEnumerable<Fix> fixes, JsonObject? measured = null)
    {
        var evidence = new JsonObject { ["thresholds"] = rule.Thresholds.DeepClone(), ["fixes"] = Fixes(fixes) };
        foreach (var (name, value) in measured ?? [])
        {
            evidence[name] = value?.DeepClone();
        }

        return evidence;
    }

    public static JsonArray Fixes(IEnumerable<Fix> fixes) => new([.. fixes.Select(f => (JsonNode)FixJson(f))]);

    public static JsonObject FixJson(Fix f) =>
        new() { ["ts"] = f.At, ["lat"] = Math.Round(f.Lat, 6), ["lon"] = Math.Round(f.Lon, 6), ["sog"] = f.Sog is { } s ? Math.Round(s, 1) : null };
}
