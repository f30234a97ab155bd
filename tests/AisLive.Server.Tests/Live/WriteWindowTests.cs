using System.Diagnostics.Metrics;
using System.Security.Claims;
using AisLive.Server.Live;
using AisLive.Server.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Tests.Live;

/// <summary>
/// <c>Live:WriteWindow</c>: positions wake a stream's writer once, at the end of the window, however many arrive in
/// it; control events (here the feed's state) wake it at once.
/// </summary>
public sealed class WriteWindowTests
{
    [Fact]
    public async Task Positions_WakeTheWriterAtTheEndOfTheWindow_ControlEventsAtOnce()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new StreamMetrics(services.GetRequiredService<IMeterFactory>());

        // The longest window allowed, so that "not yet" holds however busy this machine is.
        using var window = new WriteWindow(Options.Create(new StreamOptions { WriteWindow = TimeSpan.FromSeconds(1) }));
        var subscriber = new StreamSubscriber(new VesselScope.Vessel(247000001), new ClaimsPrincipal(), 100, metrics, writeWindow: window);

        for (var i = 1; i <= 50; i++)
        {
            subscriber.Offer(SseEvent.Data("position", """{"mmsi":247000001}"""u8, $"e-{i}", 247000001, i)).ShouldBeTrue();
        }

        subscriber.Doorbell.TryTake().ShouldBeFalse("positions wait for the end of the window");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await subscriber.Doorbell.WaitAsync(timeout.Token)).ShouldBeTrue();
        var batch = new List<SseEvent>();
        subscriber.DrainTo(batch);
        batch.Select(e => e.Sequence).ShouldBe([50], "one write with the latest state of the vessel");

        subscriber.Offer(SseEvent.Data("feed", """{"state":"live"}"""u8)).ShouldBeTrue();
        subscriber.Doorbell.TryTake().ShouldBeTrue("control events do not wait for the window");
    }
}
