using System.Text.Json.Nodes;
using AisLive.Ais.Nmea;

namespace AisLive.Ais.Tests;

/// <summary>
/// Sentences for tests: made by the project's own encoder from known values, or read from the shared
/// conformance corpus by path (never copied into the repository).
/// </summary>
public static class Sentences
{
    public static readonly AisMessage Type1 = new()
    {
        MessageType = 1, Mmsi = new Mmsi(244123456), NavigationStatus = 0, RateOfTurnRaw = -127, SpeedKnots = 12.3, PositionAccuracy = true,
        Longitude = -4.5, Latitude = 51.25, CourseDegrees = 224, HeadingDegrees = 215, UtcSecond = 33, ManeuverIndicator = 0, Raim = false,
    };

    public static readonly AisMessage Type5 = new()
    {
        MessageType = 5, Mmsi = new Mmsi(244654321), AisVersion = 0, Epfd = 1, Dte = 0,
        Static = new AisStaticData
        {
            ImoNumber = 9134270, CallSign = "PD1234", ShipName = "NORTH STAR", ShipType = 70, ToBowMeters = 225, ToSternMeters = 70,
            ToPortMeters = 1, ToStarboardMeters = 31, EtaMonth = 5, EtaDay = 15, EtaHour = 14, EtaMinute = 0, DraughtMeters = 12.2, Destination = "ROTTERDAM",
        },
    };

    /// <summary>The single sentence of <see cref="Type1"/>.</summary>
    public static string Type1Sentence => NmeaEncoder.Encode(Type1).Single();

    /// <summary>The two sentences of <see cref="Type5"/>.</summary>
    public static IReadOnlyList<string> Type5Sentences => NmeaEncoder.Encode(Type5, 'A', 1);

    /// <summary>A sentence with its NMEA checksum recomputed after the body was changed.</summary>
    public static string WithChecksum(string body)
    {
        var checksum = 0;
        foreach (var c in body.AsSpan(1))
        {
            checksum ^= c;
        }

        return $"{body}*{checksum:X2}";
    }

    /// <summary>The body of a sentence: everything between the start and the '*'.</summary>
    public static string Body(string sentence) => sentence[..sentence.IndexOf('*')];

    /// <summary>A conformance case from the shared corpus, read in place.</summary>
    public static (string[] Sentences, JsonObject Expected) CorpusCase(int index)
    {
        var line = File.ReadLines(CorpusPaths.Nmea("dev.jsonl")).ElementAt(index);
        var json = JsonNode.Parse(line)!;
        return ([.. json["sentences"]!.AsArray().Select(s => s!.GetValue<string>())], json["expected"]!.AsObject());
    }
}
