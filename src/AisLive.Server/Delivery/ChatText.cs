using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AisLive.Server.Delivery;

/// <summary>
/// The <c>chat</c> format: one readable line for a chat room's incoming webhook (Slack, Mattermost and Rocket.Chat
/// take <c>{"text": ...}</c>): severity, vessel, rule, place, time and a link to the alert on the page.
/// </summary>
public static class ChatText
{
    public static string Body(DueDelivery delivery, string? publicUrl) =>
        JsonSerializer.Serialize(new { text = Line(delivery, publicUrl) });

    public static string Line(DueDelivery delivery, string? publicUrl)
    {
        var data = JsonNode.Parse(delivery.Payload)?.AsObject() ?? [];
        var vessel = string.IsNullOrWhiteSpace(delivery.VesselName) ? $"MMSI {delivery.Mmsi}" : $"{delivery.VesselName} (MMSI {delivery.Mmsi})";
        var place = delivery is { Lat: { } lat, Lon: { } lon } ? string.Create(CultureInfo.InvariantCulture, $" at {lat:F4}, {lon:F4}") : string.Empty;
        var time = delivery.EventAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var link = string.IsNullOrWhiteSpace(publicUrl) ? string.Empty : $" {publicUrl.TrimEnd('/')}/#alert={delivery.AlertId}";
        var what = delivery.EventType switch
        {
            "alert" => $"[{delivery.Severity.ToUpperInvariant()}] {vessel}: {delivery.Message} (rule {delivery.RuleName}){place}",
            "alert-acknowledged" => $"[ACKNOWLEDGED] {vessel}, rule {delivery.RuleName}: acknowledged by {data["acknowledgedBy"]}{Note(data)}",
            "alert-resolved" => $"[RESOLVED] {vessel}, rule {delivery.RuleName}: {data["message"]}",
            "alert-escalated" => $"[ESCALATED {delivery.Severity.ToUpperInvariant()}] {vessel}: {delivery.Message} (rule {delivery.RuleName}){place}; now also to {string.Join(", ", (data["escalatedTo"] as JsonArray ?? []).Select(u => u?.ToString()))}",
            _ => $"{delivery.EventType}: {vessel}",
        };
        return $"{what}, {time}, alert #{delivery.AlertId}{link}";
    }

    private static string Note(JsonObject data) => data["note"] is JsonValue note && note.ToString() is { Length: > 0 } text ? $" (\"{text}\")" : string.Empty;
}
