using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AisLive.Server.Delivery;

/// <summary>
/// The <c>chat</c> format: one readable line for a chat room's incoming webhook (Slack, Mattermost and Rocket.Chat
/// take <c>{"text": ...}</c>): severity, vessel, rule, place, time and a link to the alert on the page. Names and
/// notes come from other people and from the air, so Slack's control characters in them are escaped
/// (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>): a vessel named <c>&lt;!channel&gt;</c> pings nobody and a rule cannot
/// smuggle in a link.
/// </summary>
public static class ChatText
{
    public static string Body(DueDelivery delivery, string? publicUrl) =>
        JsonSerializer.Serialize(new { text = Line(delivery, publicUrl) });

    public static string Line(DueDelivery delivery, string? publicUrl)
    {
        var data = JsonNode.Parse(delivery.Payload)?.AsObject() ?? [];
        var vessel = string.IsNullOrWhiteSpace(delivery.VesselName) ? $"MMSI {delivery.Mmsi}" : $"{Escape(delivery.VesselName)} (MMSI {delivery.Mmsi})";
        var rule = Escape(delivery.RuleName);
        var message = Escape(delivery.Message);
        var place = delivery is { Lat: { } lat, Lon: { } lon } ? string.Create(CultureInfo.InvariantCulture, $" at {lat:F4}, {lon:F4}") : string.Empty;
        var time = delivery.EventAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var link = string.IsNullOrWhiteSpace(publicUrl) ? string.Empty : $" {publicUrl.TrimEnd('/')}/#alert={delivery.AlertId}";
        var what = delivery.EventType switch
        {
            "alert" => $"[{delivery.Severity.ToUpperInvariant()}] {vessel}: {message} (rule {rule}){place}",
            "alert-acknowledged" => $"[ACKNOWLEDGED] {vessel}, rule {rule}: acknowledged by {Escape(data["acknowledgedBy"]?.ToString())}{Note(data)}",
            "alert-resolved" => $"[RESOLVED] {vessel}, rule {rule}: {Escape(data["message"]?.ToString())}",
            "alert-returned" => $"[RETURNED, NOT ACKNOWLEDGED] {vessel}, rule {rule}: {Escape(data["message"]?.ToString())}; it waits for an acknowledgement",
            "alert-shelved" => $"[SHELVED] {vessel}, rule {rule}: by {Escape(data["shelvedBy"]?.ToString())} until {Until(data)} (\"{Escape(data["reason"]?.ToString())}\")",
            "alert-unshelved" => $"[UNSHELVED {delivery.Severity.ToUpperInvariant()}] {vessel}: {message} (rule {rule}){place}",
            "alert-escalated" => $"[ESCALATED {delivery.Severity.ToUpperInvariant()}] {vessel}: {message} (rule {rule}){place}; now also to {Escape(string.Join(", ", (data["escalatedTo"] as JsonArray ?? []).Select(u => u?.ToString())))}",
            _ => $"{delivery.EventType}: {vessel}",
        };
        return $"{what}, {time}, alert #{delivery.AlertId}{link}";
    }

    private static string Until(JsonObject data) =>
        data["shelvedUntil"]?.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "?";

    private static string Note(JsonObject data) => data["note"] is JsonValue note && note.ToString() is { Length: > 0 } text ? $" (\"{Escape(text)}\")" : string.Empty;

    /// <summary>Slack's three control characters as its documentation asks (Mattermost and Rocket.Chat show the entities as the characters).</summary>
    public static string Escape(string? text) =>
        text is null ? string.Empty : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
