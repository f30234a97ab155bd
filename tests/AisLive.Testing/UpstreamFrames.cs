using AisLive.Ais;
using AisLive.Ais.AisStream;

namespace AisLive.Testing;

/// <summary>What tests send through <see cref="FakeAisStreamServer"/>, and the settings that point a server at it.</summary>
public static class UpstreamFrames
{
    /// <summary>An AISStream position report (type 1, under way, course 45) of <paramref name="mmsi"/> at <paramref name="at"/>.</summary>
    public static byte[] Position(uint mmsi, double lat, double lon, DateTimeOffset at, double sog = 10) =>
        AisStreamWriter.PositionReport(new AisMessage { MessageType = 1, Mmsi = new Mmsi(mmsi), Latitude = lat, Longitude = lon, SpeedKnots = sog, CourseDegrees = 45, NavigationStatus = 0 }, at);

    /// <summary>A server's settings for reading <paramref name="upstream"/>, with short timeouts and back-offs so that tests see them happen.</summary>
    public static Dictionary<string, string?> ServerSettings(FakeAisStreamServer upstream) => new()
    {
        ["Ingest:Source"] = "aisstream",
        ["AisStream:Url"] = upstream.Url.ToString(),
        ["AisStream:ApiKey"] = "test-key",
        ["AisStream:StallTimeout"] = "00:00:01",
        ["AisStream:BackoffInitial"] = "00:00:00.100",
        ["AisStream:BackoffMax"] = "00:00:01",
        ["AisStream:HealthySession"] = "00:00:00.200",
        ["AisStream:RateLimitCooldown"] = "00:00:02",
        ["AisStream:AuthErrorCooldown"] = "00:00:30",
        ["AisStream:ConnectTimeout"] = "00:00:05",
    };
}
