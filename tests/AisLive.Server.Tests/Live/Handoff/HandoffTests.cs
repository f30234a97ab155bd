using System.Diagnostics.Metrics;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Live.Handoff;

/// <summary>A stream leaves ASP.NET Core's request pipeline once its headers are out (Live:HandOffStreams), and goes on delivering.</summary>
public sealed class HandoffTests
{
    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public async Task Stream_OnPlainHttp11_EndsItsRequest_AndGoesOnDelivering(bool handOff, long requestsInProgress)
    {
        await using var upstream = await FakeAisStreamServer.StartAsync();
        var settings = UpstreamFrames.ServerSettings(upstream);
        settings["AisStream:StallTimeout"] = "00:01:00"; // not a stall test: a busy machine must not have the session dropped before the first frame
        settings["Live:HandOffStreams"] = handOff ? "true" : "false";
        await using var server = await AisLiveTestServer.StartAsync(settings);
        var session = await upstream.NextSessionAsync();
        using var requests = new RequestsInProgress(server.Service<IMeterFactory>());

        await using var stream = await SseClient.ConnectAsync(server.Http, "/api/vessels/247000101/stream");
        await session.SendAsync(UpstreamFrames.Position(247000101, 51.5, 3.5, DateTimeOffset.UtcNow));
        (await stream.ReadEventAsync("position")).Data!.ShouldContain("247000101");
        await session.SendAsync(UpstreamFrames.Position(247000101, 51.6, 3.5, DateTimeOffset.UtcNow));
        (await stream.ReadEventAsync("position")).Data!.ShouldContain("51.6");

        // Positions reach the client only through the stream's body, which runs after its request has ended when handed off.
        requests.Started.ShouldBe(1);
        requests.Current.ShouldBe(requestsInProgress);
    }

    /// <summary>ASP.NET Core's own <c>http.server.active_requests</c> for one server (its meter factory), through a <see cref="MeterListener"/>.</summary>
    private sealed class RequestsInProgress : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _current;
        private long _started;

        public RequestsInProgress(IMeterFactory server)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == server && instrument.Name == "http.server.active_requests")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, delta, _, _) =>
            {
                Interlocked.Add(ref _current, delta);
                if (delta > 0)
                {
                    Interlocked.Add(ref _started, delta);
                }
            });
            _listener.Start();
        }

        public long Current => Interlocked.Read(ref _current);

        public long Started => Interlocked.Read(ref _started);

        public void Dispose() => _listener.Dispose();
    }
}
