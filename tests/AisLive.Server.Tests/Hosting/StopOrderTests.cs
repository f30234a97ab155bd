using AisLive.Server.Ingest;
using AisLive.Server.Storage.Journal;
using AisLive.Server.Tests.Infrastructure;
using AisLive.Server.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AisLive.Server.Tests.Hosting;

public sealed class StopOrderTests
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
        var stages = server.App.Services.GetServices<StopOrder.StageRegistration>().OrderBy(s => s.Stage).ToList();

        // One process runs every stage but the cluster's log publisher: the feed first, the PostGIS writer last.
        stages.Select(s => s.Stage).ShouldBe(Enum.GetValues<StopStage>().Where(s => s != StopStage.Publish));
        stages[0].Worker.ShouldBe(typeof(IngestWorker));
        stages[^1].Worker.ShouldBe(typeof(StorageFlusherWorker));
        registered.TakeLast(stages.Count).ShouldBe(stages.Select(s => s.Worker).Reverse());
        registered.Count.ShouldBeGreaterThan(stages.Count); // the pollers, registered before, stop after
    }
}
