using System.Text.Json;

namespace AisLive.Ais.Output;

/// <summary>
/// Writes a message in the <c>decode</c> command's JSON shape (SPEC section 4): camelCase names and
/// only the fields that the message's type carries, with null for "not available".
/// </summary>
public static class DecodedMessageWriter
{
    public static void Write(Utf8JsonWriter json, in AisMessage message)
    {
        json.WriteStartObject();
        json.WriteNumber("type", message.MessageType);
        json.WriteNumber("repeat", message.Repeat);
        json.WriteNumber("mmsi", message.Mmsi.Value);
        switch (message.MessageType)
        {
            case 1 or 2 or 3:
                WriteClassAPosition(json, message);
                break;
            case 4 or 11:
                WriteBaseStation(json, message);
                break;
            case 5:
                WriteStaticAndVoyage(json, message);
                break;
            case 9:
                Number(json, "alt", message.AltitudeMeters);
                WritePositionBlock(json, message, heading: false);
                Number(json, "dte", message.Dte);
                Bool(json, "assigned", message.Assigned);
                Bool(json, "raim", message.Raim);
                break;
            case 18:
                WritePositionBlock(json, message, heading: true);
                Bool(json, "assigned", message.Assigned);
                Bool(json, "raim", message.Raim);
                break;
            case 19:
                WritePositionBlock(json, message, heading: true);
                String(json, "shipName", message.Static?.ShipName);
                Number(json, "shipType", message.Static?.ShipType);
                WriteDimensions(json, message.Static);
                Number(json, "epfd", message.Epfd);
                Number(json, "dte", message.Dte);
                Bool(json, "assigned", message.Assigned);
                Bool(json, "raim", message.Raim);
                break;
            case 21:
                WriteAidToNavigation(json, message);
                break;
            case 24:
                WriteStaticDataReport(json, message.Static);
                break;
            case 27:
                Bool(json, "accuracy", message.PositionAccuracy);
                Bool(json, "raim", message.Raim);
                Number(json, "navStatus", message.NavigationStatus);
                Number(json, "lon", message.Longitude);
                Number(json, "lat", message.Latitude);
                Number(json, "sog", message.SpeedKnots);
                Number(json, "cog", message.CourseDegrees);
                break;
        }

        json.WriteEndObject();
    }

    private static void WriteClassAPosition(Utf8JsonWriter json, in AisMessage message)
    {
        Number(json, "navStatus", message.NavigationStatus);
        Number(json, "rot", message.RateOfTurnRaw);
        Number(json, "sog", message.SpeedKnots);
        Bool(json, "accuracy", message.PositionAccuracy);
        Number(json, "lon", message.Longitude);
        Number(json, "lat", message.Latitude);
        Number(json, "cog", message.CourseDegrees);
        Number(json, "heading", message.HeadingDegrees);
        Number(json, "second", message.UtcSecond);
        Number(json, "maneuver", message.ManeuverIndicator);
        Bool(json, "raim", message.Raim);
    }

    private static void WriteBaseStation(Utf8JsonWriter json, in AisMessage message)
    {
        Number(json, "utcYear", message.UtcYear);
        Number(json, "utcMonth", message.UtcMonth);
        Number(json, "utcDay", message.UtcDay);
        Number(json, "utcHour", message.UtcHour);
        Number(json, "utcMinute", message.UtcMinute);
        Number(json, "second", message.UtcSecond);
        Bool(json, "accuracy", message.PositionAccuracy);
        Number(json, "lon", message.Longitude);
        Number(json, "lat", message.Latitude);
        Number(json, "epfd", message.Epfd);
        Bool(json, "raim", message.Raim);
    }

    private static void WriteStaticAndVoyage(Utf8JsonWriter json, in AisMessage message)
    {
        var data = message.Static;
        Number(json, "aisVersion", message.AisVersion);
        Number(json, "imo", data?.ImoNumber);
        String(json, "callsign", data?.CallSign);
        String(json, "shipName", data?.ShipName);
        Number(json, "shipType", data?.ShipType);
        WriteDimensions(json, data);
        Number(json, "epfd", message.Epfd);
        Number(json, "etaMonth", data?.EtaMonth);
        Number(json, "etaDay", data?.EtaDay);
        Number(json, "etaHour", data?.EtaHour);
        Number(json, "etaMinute", data?.EtaMinute);
        Number(json, "draught", data?.DraughtMeters);
        String(json, "destination", data?.Destination);
        Number(json, "dte", message.Dte);
    }

    private static void WritePositionBlock(Utf8JsonWriter json, in AisMessage message, bool heading)
    {
        Number(json, "sog", message.SpeedKnots);
        Bool(json, "accuracy", message.PositionAccuracy);
        Number(json, "lon", message.Longitude);
        Number(json, "lat", message.Latitude);
        Number(json, "cog", message.CourseDegrees);
        if (heading)
        {
            Number(json, "heading", message.HeadingDegrees);
        }

        Number(json, "second", message.UtcSecond);
    }

    private static void WriteAidToNavigation(Utf8JsonWriter json, in AisMessage message)
    {
        Number(json, "aidType", message.AidType);
        String(json, "name", message.Static?.AidName);
        Bool(json, "accuracy", message.PositionAccuracy);
        Number(json, "lon", message.Longitude);
        Number(json, "lat", message.Latitude);
        WriteDimensions(json, message.Static);
        Number(json, "epfd", message.Epfd);
        Number(json, "second", message.UtcSecond);
        Bool(json, "offPosition", message.OffPosition);
        Bool(json, "raim", message.Raim);
        Bool(json, "virtualAid", message.VirtualAid);
        Bool(json, "assigned", message.Assigned);
    }

    private static void WriteStaticDataReport(Utf8JsonWriter json, AisStaticData? data)
    {
        Number(json, "partNumber", data?.PartNumber);
        if (data?.PartNumber == 0)
        {
            String(json, "shipName", data.ShipName);
            return;
        }

        Number(json, "shipType", data?.ShipType);
        String(json, "vendorId", data?.VendorId);
        Number(json, "model", data?.UnitModel);
        Number(json, "serial", data?.SerialNumber);
        String(json, "callsign", data?.CallSign);
        if (data?.MothershipMmsi is { } mothership)
        {
            json.WriteNumber("mothershipMmsi", mothership.Value);
        }
        else
        {
            WriteDimensions(json, data);
        }
    }

    private static void WriteDimensions(Utf8JsonWriter json, AisStaticData? data)
    {
        Number(json, "toBow", data?.ToBowMeters);
        Number(json, "toStern", data?.ToSternMeters);
        Number(json, "toPort", data?.ToPortMeters);
        Number(json, "toStarboard", data?.ToStarboardMeters);
    }

    private static void Number(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Bool(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is { } v)
        {
            json.WriteBoolean(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void String(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
