using System.Globalization;

namespace AisLive.Ais.Nmea;

/// <summary>
/// Encodes messages of the types the project produces (1-3, 5, 18, 24) as <c>!AIVDM</c> sentences, split
/// into fragments of at most 60 payload characters, so tests can round-trip and recordings can be made.
/// </summary>
public static class NmeaEncoder
{
    private const int MaxPayloadPerSentence = 60;

    public static IReadOnlyList<string> Encode(in AisMessage message, char channel = 'A', int sequenceId = 0)
    {
        var bits = new PayloadBitWriter()
            .Unsigned(message.MessageType, 6)
            .Unsigned(message.Repeat, 2)
            .Unsigned(message.Mmsi.Value, 30);
        switch (message.MessageType)
        {
            case 1 or 2 or 3:
                bits.Unsigned(message.NavigationStatus ?? 15, 4)
                    .Signed(message.RateOfTurnRaw ?? -128, 8)
                    .Unsigned(Tenths(message.SpeedKnots, 1023), 10)
                    .Bool(message.PositionAccuracy ?? false)
                    .Signed(Coordinate(message.Longitude, 181), 28)
                    .Signed(Coordinate(message.Latitude, 91), 27)
                    .Unsigned(Tenths(message.CourseDegrees, 3600), 12)
                    .Unsigned(message.HeadingDegrees ?? 511, 9)
                    .Unsigned(message.UtcSecond ?? 60, 6)
                    .Unsigned(message.ManeuverIndicator ?? 0, 2)
                    .Unsigned(0, 3)
                    .Bool(message.Raim ?? false)
                    .Unsigned(0, 19);
                break;
            case 5:
                var data = message.Static ?? new AisStaticData();
                bits.Unsigned(message.AisVersion ?? 0, 2)
                    .Unsigned(data.ImoNumber ?? 0, 30)
                    .Text(data.CallSign, 7)
                    .Text(data.ShipName, 20)
                    .Unsigned(data.ShipType ?? 0, 8);
                Dimensions(bits, data)
                    .Unsigned(message.Epfd ?? 0, 4)
                    .Unsigned(data.EtaMonth ?? 0, 4)
                    .Unsigned(data.EtaDay ?? 0, 5)
                    .Unsigned(data.EtaHour ?? 24, 5)
                    .Unsigned(data.EtaMinute ?? 60, 6)
                    .Unsigned((long)Math.Round((data.DraughtMeters ?? 0) * 10), 8)
                    .Text(data.Destination, 20)
                    .Unsigned(message.Dte ?? 0, 1)
                    .Unsigned(0, 1);
                break;
            case 18:
                bits.Unsigned(0, 8)
                    .Unsigned(Tenths(message.SpeedKnots, 1023), 10)
                    .Bool(message.PositionAccuracy ?? false)
                    .Signed(Coordinate(message.Longitude, 181), 28)
                    .Signed(Coordinate(message.Latitude, 91), 27)
                    .Unsigned(Tenths(message.CourseDegrees, 3600), 12)
                    .Unsigned(message.HeadingDegrees ?? 511, 9)
                    .Unsigned(message.UtcSecond ?? 60, 6)
                    .Unsigned(0, 2)
                    .Unsigned(0b11100, 5) // CS unit, display, DSC, whole band, message 22
                    .Bool(message.Assigned ?? false)
                    .Bool(message.Raim ?? false)
                    .Unsigned(0, 20);
                break;
            case 24:
                EncodeStaticDataReport(bits, message);
                break;
            default:
                throw new NotSupportedException($"Encoding message type {message.MessageType} is not supported.");
        }

        return Sentences(bits, channel, sequenceId);
    }

    private static void EncodeStaticDataReport(PayloadBitWriter bits, in AisMessage message)
    {
        var data = message.Static ?? new AisStaticData { PartNumber = 0 };
        bits.Unsigned(data.PartNumber ?? 0, 2);
        if (data.PartNumber is null or 0)
        {
            bits.Text(data.ShipName, 20);
            return;
        }

        bits.Unsigned(data.ShipType ?? 0, 8)
            .Text(data.VendorId, 3)
            .Unsigned(data.UnitModel ?? 0, 4)
            .Unsigned(data.SerialNumber ?? 0, 20)
            .Text(data.CallSign, 7);
        if (data.MothershipMmsi is { } mothership)
        {
            bits.Unsigned(mothership.Value, 30);
        }
        else
        {
            Dimensions(bits, data);
        }

        bits.Unsigned(0, 6);
    }

    private static PayloadBitWriter Dimensions(PayloadBitWriter bits, AisStaticData data) =>
        bits.Unsigned(data.ToBowMeters ?? 0, 9)
            .Unsigned(data.ToSternMeters ?? 0, 9)
            .Unsigned(data.ToPortMeters ?? 0, 6)
            .Unsigned(data.ToStarboardMeters ?? 0, 6);

    private static long Tenths(double? value, long notAvailable) => value is { } v ? (long)Math.Round(v * 10) : notAvailable;

    private static long Coordinate(double? degrees, int notAvailable) => (long)Math.Round((degrees ?? notAvailable) * 600_000);

    private static List<string> Sentences(PayloadBitWriter bits, char channel, int sequenceId)
    {
        var (payload, fill) = bits.Armour();
        var count = (payload.Length + MaxPayloadPerSentence - 1) / MaxPayloadPerSentence;
        var sentences = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var part = payload.Substring(i * MaxPayloadPerSentence, Math.Min(MaxPayloadPerSentence, payload.Length - (i * MaxPayloadPerSentence)));
            var sequence = count > 1 ? sequenceId.ToString(CultureInfo.InvariantCulture) : string.Empty;
            var body = $"AIVDM,{count},{i + 1},{sequence},{channel},{part},{(i == count - 1 ? fill : 0)}";
            var checksum = 0;
            foreach (var c in body)
            {
                checksum ^= c;
            }

            sentences.Add($"!{body}*{checksum:X2}");
        }

        return sentences;
    }
}
