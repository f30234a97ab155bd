using AisLive.Ais;
using AisLive.Ais.AisStream;

namespace AisLive.Server.Tests.Infrastructure;

/// <summary>Builds AISStream recordings for a test, in a temporary file that is deleted with it.</summary>
public sealed class Recording : IDisposable
{
    private readonly List<(DateTimeOffset At, byte[] Line)> _lines = [];

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"aislive-{Guid.NewGuid():N}.jsonl");

    public List<(Mmsi Mmsi, DateTimeOffset At, double Lat, double Lon, double Sog)> Positions { get; } = [];

    public Recording Position(uint mmsi, DateTimeOffset at, double lat, double lon, double sog = 10.5, double cog = 90, int navStatus = 0)
    {
        var message = new AisMessage
        {
            MessageType = 1,
            Mmsi = new Mmsi(mmsi),
            NavigationStatus = navStatus,
            RateOfTurnRaw = 0,
            SpeedKnots = sog,
            Latitude = lat,
            Longitude = lon,
            CourseDegrees = cog,
            HeadingDegrees = (int)cog,
        };
        Positions.Add((message.Mmsi, at, lat, lon, sog));
        _lines.Add((at, AisStreamWriter.PositionReport(message, at)));
        return this;
    }

    public Recording Static(uint mmsi, DateTimeOffset at, string name, string callSign = "TEST1")
    {
        var data = new AisStaticData { ShipName = name, CallSign = callSign, ShipType = 70, ToBowMeters = 100, ToSternMeters = 20, ToPortMeters = 8, ToStarboardMeters = 8 };
        _lines.Add((at, AisStreamWriter.ShipStaticData(new Mmsi(mmsi), data, at, 0, 0)));
        return this;
    }

    /// <summary>A type 14 safety broadcast, as AISStream sends it (a SafetyBroadcastMessage body, written here by hand).</summary>
    public Recording SafetyBroadcast(uint mmsi, DateTimeOffset at, string text)
    {
        var time = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss '+0000 UTC'", System.Globalization.CultureInfo.InvariantCulture);
        return Raw(at, $$$"""{"Message":{"SafetyBroadcastMessage":{"MessageID":14,"RepeatIndicator":0,"Spare":0,"Text":"{{{text}}}","UserID":{{{mmsi}}},"Valid":true}},"MessageType":"SafetyBroadcastMessage","MetaData":{"MMSI":{{{mmsi}}},"MMSI_String":{{{mmsi}}},"ShipName":"","latitude":91,"longitude":181,"time_utc":"{{{time}}}"}}""");
    }

    /// <summary>A frame as <c>scripts/aislive record</c> saves it: wrapped with when it was received, whatever time it claims itself.</summary>
    public Recording Received(DateTimeOffset receivedAt, byte[] frame)
    {
        _lines.Add((receivedAt, AisLive.Server.Ingest.RecordingFormat.Wrap(frame, receivedAt)));
        return this;
    }

    public Recording Raw(DateTimeOffset at, string line)
    {
        _lines.Add((at, System.Text.Encoding.UTF8.GetBytes(line)));
        return this;
    }

    public Recording Save()
    {
        File.WriteAllLines(Path, _lines.OrderBy(l => l.At).Select(l => System.Text.Encoding.UTF8.GetString(l.Line)));
        return this;
    }

    public void Dispose() => File.Delete(Path);
}
