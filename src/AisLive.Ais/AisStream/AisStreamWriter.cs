using System.Globalization;
using System.Text.Json;

namespace AisLive.Ais.AisStream;

/// <summary>
/// Writes messages as AISStream.io envelopes (keys sorted, as the service sends them), so the project can
/// make its own recordings and tests can feed the real decoder what the real feed would send.
/// </summary>
public static class AisStreamWriter
{
    // AISStream sends '+' and other ASCII as is; the default encoder would escape it as \u002B.
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] PositionReport(in AisMessage message, DateTimeOffset timeUtc, string? shipName = null)
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteStartObject("Message");
            var typeName = message.MessageType == 18 ? "StandardClassBPositionReport" : "PositionReport";
            json.WriteStartObject(typeName);
            json.WriteNumber("Cog", message.CourseDegrees ?? 360);
            json.WriteNumber("Latitude", message.Latitude ?? 91);
            json.WriteNumber("Longitude", message.Longitude ?? 181);
            json.WriteNumber("MessageID", message.MessageType);
            if (message.MessageType != 18)
            {
                json.WriteNumber("NavigationalStatus", message.NavigationStatus ?? 15);
            }

            json.WriteBoolean("PositionAccuracy", message.PositionAccuracy ?? false);
            json.WriteBoolean("Raim", message.Raim ?? false);
            if (message.MessageType != 18)
            {
                json.WriteNumber("RateOfTurn", message.RateOfTurnRaw ?? -128);
            }

            json.WriteNumber("RepeatIndicator", message.Repeat);
            json.WriteNumber("Sog", message.SpeedKnots ?? 102.3);
            if (message.MessageType != 18)
            {
                json.WriteNumber("SpecialManoeuvreIndicator", message.ManeuverIndicator ?? 0);
            }

            json.WriteNumber("Timestamp", message.UtcSecond ?? timeUtc.Second);
            json.WriteNumber("TrueHeading", message.HeadingDegrees ?? 511);
            json.WriteNumber("UserID", message.Mmsi.Value);
            json.WriteBoolean("Valid", true);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("MessageType", typeName);
            WriteMetaData(json, message, timeUtc, shipName);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A type 14 safety broadcast (what AIS-SART and MOB devices send: <c>SART ACTIVE</c>...).</summary>
    public static byte[] SafetyBroadcast(Mmsi mmsi, string text, DateTimeOffset timeUtc)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteStartObject("Message");
            json.WriteStartObject("SafetyBroadcastMessage");
            json.WriteNumber("MessageID", 14);
            json.WriteNumber("RepeatIndicator", 0);
            json.WriteNumber("Spare", 0);
            json.WriteString("Text", text);
            json.WriteNumber("UserID", mmsi.Value);
            json.WriteBoolean("Valid", true);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("MessageType", "SafetyBroadcastMessage");
            WriteMetaData(json, new AisMessage { Mmsi = mmsi }, timeUtc, null);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static byte[] ShipStaticData(Mmsi mmsi, AisStaticData data, DateTimeOffset timeUtc, double latitude, double longitude)
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteStartObject("Message");
            json.WriteStartObject("ShipStaticData");
            json.WriteNumber("AisVersion", 1);
            json.WriteString("CallSign", data.CallSign ?? string.Empty);
            json.WriteString("Destination", data.Destination ?? string.Empty);
            json.WriteStartObject("Dimension");
            json.WriteNumber("A", data.ToBowMeters ?? 0);
            json.WriteNumber("B", data.ToSternMeters ?? 0);
            json.WriteNumber("C", data.ToPortMeters ?? 0);
            json.WriteNumber("D", data.ToStarboardMeters ?? 0);
            json.WriteEndObject();
            json.WriteBoolean("Dte", false);
            json.WriteStartObject("Eta");
            json.WriteNumber("Day", data.EtaDay ?? 0);
            json.WriteNumber("Hour", data.EtaHour ?? 24);
            json.WriteNumber("Minute", data.EtaMinute ?? 60);
            json.WriteNumber("Month", data.EtaMonth ?? 0);
            json.WriteEndObject();
            json.WriteNumber("FixType", 1);
            json.WriteNumber("ImoNumber", data.ImoNumber ?? 0);
            json.WriteNumber("MaximumStaticDraught", data.DraughtMeters ?? 0);
            json.WriteNumber("MessageID", 5);
            json.WriteString("Name", data.ShipName ?? string.Empty);
            json.WriteNumber("RepeatIndicator", 0);
            json.WriteBoolean("Spare", false);
            json.WriteNumber("Type", data.ShipType ?? 0);
            json.WriteNumber("UserID", mmsi.Value);
            json.WriteBoolean("Valid", true);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("MessageType", "ShipStaticData");
            WriteMetaData(json, new AisMessage { Mmsi = mmsi, Latitude = latitude, Longitude = longitude }, timeUtc, data.ShipName);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Formats a time the way AISStream does: <c>2023-10-15 09:51:08.143077274 +0000 UTC</c>.</summary>
    public static string FormatTime(DateTimeOffset timeUtc)
    {
        var utc = timeUtc.UtcDateTime;
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : string.Empty) + " +0000 UTC";
    }

    private static void WriteMetaData(Utf8JsonWriter json, in AisMessage message, DateTimeOffset timeUtc, string? shipName)
    {
        json.WriteStartObject("MetaData");
        json.WriteNumber("MMSI", message.Mmsi.Value);
        json.WriteNumber("MMSI_String", message.Mmsi.Value);
        json.WriteString("ShipName", shipName ?? string.Empty);
        json.WriteNumber("latitude", message.Latitude ?? 91);
        json.WriteNumber("longitude", message.Longitude ?? 181);
        json.WriteString("time_utc", FormatTime(timeUtc));
        json.WriteEndObject();
    }
}
