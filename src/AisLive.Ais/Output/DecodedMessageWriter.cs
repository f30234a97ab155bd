using System.Collections.Concurrent;
using System.Text;

namespace AisLive.Ais.Output;

/// <summary>
/// Writes a message (through <see cref="JsonLine"/>) in the <c>decode</c> command's JSON shape: camelCase names and
/// only the fields that the message's type carries, with null for "not available".
/// </summary>
internal static class DecodedMessageWriter
{
    public static void Write(ref JsonLine line, in AisMessage message)
    {
        line.Number("type"u8, message.MessageType);
        line.Number("repeat"u8, message.Repeat);
        line.Number("mmsi"u8, message.Mmsi.Value);
        switch (message.MessageType)
        {
            case 1 or 2 or 3:
                WriteClassAPosition(ref line, message);
                break;
            case 4 or 11:
                WriteBaseStation(ref line, message);
                break;
            case 5:
                WriteStaticAndVoyage(ref line, message);
                break;
            case 9:
                line.Number("alt"u8, message.AltitudeMeters);
                WritePositionBlock(ref line, message, heading: false);
                line.Number("dte"u8, message.Dte);
                line.Bool("assigned"u8, message.Assigned);
                line.Bool("raim"u8, message.Raim);
                break;
            case 18:
                WritePositionBlock(ref line, message, heading: true);
                line.Bool("assigned"u8, message.Assigned);
                line.Bool("raim"u8, message.Raim);
                break;
            case 19:
                WritePositionBlock(ref line, message, heading: true);
                line.String("shipName"u8, message.Static?.ShipName);
                line.Number("shipType"u8, message.Static?.ShipType);
                WriteDimensions(ref line, message.Static);
                line.Number("epfd"u8, message.Epfd);
                line.Number("dte"u8, message.Dte);
                line.Bool("assigned"u8, message.Assigned);
                line.Bool("raim"u8, message.Raim);
                break;
            case 21:
                WriteAidToNavigation(ref line, message);
                break;
            case 24:
                WriteStaticDataReport(ref line, message.Static);
                break;
            case 27:
                line.Bool("accuracy"u8, message.PositionAccuracy);
                line.Bool("raim"u8, message.Raim);
                line.Number("navStatus"u8, message.NavigationStatus);
                line.Number("lon"u8, message.Longitude);
                line.Number("lat"u8, message.Latitude);
                line.Number("sog"u8, message.SpeedKnots);
                line.Number("cog"u8, message.CourseDegrees);
                break;
        }

        if (message.Fields is { } fields)
        {
            WriteFields(ref line, fields);
        }
    }

    /// <summary>Field names as UTF-8, made once per name: the names are literals, so the same few strings come back.</summary>
    private static readonly ConcurrentDictionary<string, byte[]> Utf8Names = new(ReferenceEqualityComparer.Instance);

    private static void WriteFields(ref JsonLine line, AisFields fields)
    {
        foreach (var field in fields.All)
        {
            var utf8 = Utf8Names.GetOrAdd(field.Name, static name => Encoding.ASCII.GetBytes(name));
            switch (field.Kind)
            {
                case AisFieldKind.Whole:
                    line.WholeNumber(utf8, (long)field.Number);
                    break;
                case AisFieldKind.Scaled:
                    line.Number(utf8, (double?)field.Number);
                    break;
                case AisFieldKind.Flag:
                    line.Bool(utf8, field.IsSet);
                    break;
                case AisFieldKind.Rows:
                    line.StartArray(utf8);
                    foreach (var row in field.Rows!)
                    {
                        line.StartElement();
                        WriteFields(ref line, row);
                        line.EndElement();
                    }

                    line.EndArray();
                    break;
                default:
                    line.String(utf8, field.Text);
                    break;
            }
        }
    }

    private static void WriteClassAPosition(ref JsonLine line, in AisMessage message)
    {
        line.Number("navStatus"u8, message.NavigationStatus);
        line.Number("rot"u8, message.RateOfTurnRaw);
        line.Number("sog"u8, message.SpeedKnots);
        line.Bool("accuracy"u8, message.PositionAccuracy);
        line.Number("lon"u8, message.Longitude);
        line.Number("lat"u8, message.Latitude);
        line.Number("cog"u8, message.CourseDegrees);
        line.Number("heading"u8, message.HeadingDegrees);
        line.Number("second"u8, message.UtcSecond);
        line.Number("maneuver"u8, message.ManeuverIndicator);
        line.Bool("raim"u8, message.Raim);
    }

    private static void WriteBaseStation(ref JsonLine line, in AisMessage message)
    {
        line.Number("utcYear"u8, message.UtcYear);
        line.Number("utcMonth"u8, message.UtcMonth);
        line.Number("utcDay"u8, message.UtcDay);
        line.Number("utcHour"u8, message.UtcHour);
        line.Number("utcMinute"u8, message.UtcMinute);
        line.Number("second"u8, message.UtcSecond);
        line.Bool("accuracy"u8, message.PositionAccuracy);
        line.Number("lon"u8, message.Longitude);
        line.Number("lat"u8, message.Latitude);
        line.Number("epfd"u8, message.Epfd);
        line.Bool("raim"u8, message.Raim);
    }

    private static void WriteStaticAndVoyage(ref JsonLine line, in AisMessage message)
    {
        var data = message.Static;
        line.Number("aisVersion"u8, message.AisVersion);
        line.Number("imo"u8, data?.ImoNumber);
        line.String("callsign"u8, data?.CallSign);
        line.String("shipName"u8, data?.ShipName);
        line.Number("shipType"u8, data?.ShipType);
        WriteDimensions(ref line, data);
        line.Number("epfd"u8, message.Epfd);
        line.Number("etaMonth"u8, data?.EtaMonth);
        line.Number("etaDay"u8, data?.EtaDay);
        line.Number("etaHour"u8, data?.EtaHour);
        line.Number("etaMinute"u8, data?.EtaMinute);
        line.Number("draught"u8, data?.DraughtMeters);
        line.String("destination"u8, data?.Destination);
        line.Number("dte"u8, message.Dte);
    }

    private static void WritePositionBlock(ref JsonLine line, in AisMessage message, bool heading)
    {
        line.Number("sog"u8, message.SpeedKnots);
        line.Bool("accuracy"u8, message.PositionAccuracy);
        line.Number("lon"u8, message.Longitude);
        line.Number("lat"u8, message.Latitude);
        line.Number("cog"u8, message.CourseDegrees);
        if (heading)
        {
            line.Number("heading"u8, message.HeadingDegrees);
        }

        line.Number("second"u8, message.UtcSecond);
    }

    private static void WriteAidToNavigation(ref JsonLine line, in AisMessage message)
    {
        line.Number("aidType"u8, message.AidType);
        line.String("name"u8, message.Static?.AidName);
        line.Bool("accuracy"u8, message.PositionAccuracy);
        line.Number("lon"u8, message.Longitude);
        line.Number("lat"u8, message.Latitude);
        WriteDimensions(ref line, message.Static);
        line.Number("epfd"u8, message.Epfd);
        line.Number("second"u8, message.UtcSecond);
        line.Bool("offPosition"u8, message.OffPosition);
        line.Bool("raim"u8, message.Raim);
        line.Bool("virtualAid"u8, message.VirtualAid);
        line.Bool("assigned"u8, message.Assigned);
    }

    private static void WriteStaticDataReport(ref JsonLine line, AisStaticData? data)
    {
        line.Number("partNumber"u8, data?.PartNumber);
        if (data?.PartNumber == 0)
        {
            line.String("shipName"u8, data.ShipName);
            return;
        }

        line.Number("shipType"u8, data?.ShipType);
        line.String("vendorId"u8, data?.VendorId);
        line.Number("model"u8, data?.UnitModel);
        line.Number("serial"u8, data?.SerialNumber);
        line.String("callsign"u8, data?.CallSign);
        if (data?.MothershipMmsi is { } mothership)
        {
            line.Number("mothershipMmsi"u8, mothership.Value);
        }
        else
        {
            WriteDimensions(ref line, data);
        }
    }

    private static void WriteDimensions(ref JsonLine line, AisStaticData? data)
    {
        line.Number("toBow"u8, data?.ToBowMeters);
        line.Number("toStern"u8, data?.ToSternMeters);
        line.Number("toPort"u8, data?.ToPortMeters);
        line.Number("toStarboard"u8, data?.ToStarboardMeters);
    }
}
