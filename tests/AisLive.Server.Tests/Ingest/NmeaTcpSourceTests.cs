using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AisLive.Ais;
using AisLive.Ais.Nmea;
using AisLive.Server.Ingest;
using AisLive.Server.Live;
using AisLive.Server.Tests.Infrastructure;
using AisLive.Server.Vessels;

namespace AisLive.Server.Tests.Ingest;

public sealed class NmeaTcpSourceTests
{
    [Fact]
    public async Task Feed_ClosesThenComesBack_ReconnectsAndDecodesBothSessions()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ingest:Source"] = "nmea-tcp",
            ["NmeaTcp:Host"] = "127.0.0.1",
            ["NmeaTcp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["NmeaTcp:BackoffInitial"] = "00:00:00.100",
            ["NmeaTcp:StallTimeout"] = "00:00:05",
        });
        await using var stream = await SseClient.ConnectAsync(server.Http, "/api/vessels/244000020/stream");

        using (var first = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10)))
        {
            await SendAsync(first, Position(51.0, 3.0), "$GPZDA,120000.00,21,11,2026,00,00*6B", Static("FERRY ONE"));
        }

        (await ReadUntilAsync(stream, s => s.Name is not null)).Lat.ShouldBe(51.0);
        using (var second = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10)))
        {
            await SendAsync(second, Position(51.5, 3.5));
            (await ReadUntilAsync(stream, s => s.Lat == 51.5)).Name.ShouldBe("FERRY ONE");
        }

        var feed = server.Service<FeedStatus>().Snapshot();
        feed.Source.ShouldBe("nmea-tcp");
        feed.Reconnects.Keys.ShouldContain("closed");
        server.Service<AisLive.Server.Pipeline.PipelineMetrics>().DecodeErrors.ShouldBe(1); // the $GPZDA line, not AIS
    }

    /// <summary>Reads position events until one matches (updates to one vessel may coalesce, so the count varies).</summary>
    private static async Task<VesselState> ReadUntilAsync(SseClient stream, Func<VesselState, bool> match)
    {
        for (var i = 0; i < 10; i++)
        {
            var state = JsonSerializer.Deserialize((await stream.ReadEventAsync("position")).Data!, LiveJsonContext.Default.VesselState)!;
            if (match(state))
            {
                return state;
            }
        }

        throw new InvalidOperationException("no matching position within 10 events");
    }

    private static string[] Position(double lat, double lon) => [.. NmeaEncoder.Encode(new AisMessage
    {
        MessageType = 1, Mmsi = new Mmsi(244000020), Latitude = lat, Longitude = lon, SpeedKnots = 8, CourseDegrees = 10, NavigationStatus = 0,
    })];

    private static string[] Static(string name) => [.. NmeaEncoder.Encode(new AisMessage
    {
        MessageType = 5, Mmsi = new Mmsi(244000020), Static = new AisStaticData { ShipName = name, CallSign = "PA1", Destination = "HARWICH" },
    })];

    private static async Task SendAsync(TcpClient client, params object[] lines)
    {
        var text = string.Concat(lines.SelectMany(l => l is string[] many ? many : [(string)l]).Select(l => l + "\r\n"));
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(text));
        await client.GetStream().FlushAsync();
    }
}
