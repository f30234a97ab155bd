using AisLive.Server.Hosting;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AisLive.Server.Tests.Hosting;

public sealed class ShutdownSequenceTests
{
    [Fact]
    public async Task PipelineStages_AreRegisteredLast_InReverseStopOrder_SoTheHostStopsThemUpstreamFirst()
    {
        using var recording = new Recording().Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path });

        // The host stops hosted services in reverse order of registration (Microsoft.Extensions.Hosting's contract):
        // the stages must be our last registrations, downstream first, whatever order the features registered them in.
        // (ASP.NET Core adds its web server after all of them: it stops first, so no new stream starts meanwhile.)
        var registered = server.App.Services.GetServices<IHostedService>().Select(s => s.GetType())
            .Where(t => t.Namespace!.StartsWith("AisLive.", StringComparison.Ordinal)).ToList();

        // One process runs every stage but the cluster's log publisher.
        var stages = ShutdownSequence.Order.Where(registered.Contains).ToList();
        stages.ShouldBe(ShutdownSequence.Order.Where(t => t != typeof(AisLive.Server.Cluster.LogPublisherWorker)));
        registered.TakeLast(stages.Count).ShouldBe(Enumerable.Reverse(stages));
        registered.Count.ShouldBeGreaterThan(stages.Count); // the pollers, registered before, stop after
    }
}
