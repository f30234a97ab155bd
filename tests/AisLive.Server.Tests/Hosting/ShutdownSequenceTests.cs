using AisLive.Server.Hosting;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Hosting;

public sealed class ShutdownSequenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Stop_StopsEveryStageInTheStatedOrder_UpstreamFirst()
    {
        using var recording = new Recording();
        for (var i = 0; i < 500; i++)
        {
            recording.Position(244002000 + (uint)(i % 50), T0.AddSeconds(i), 51 + (i * 0.0001), 3);
        }

        recording.Save();
        var logs = new CapturedLogs();
        await using var server = await AisLiveTestServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Replay:Path"] = recording.Path,
                ["Replay:Rebase"] = "false",
                ["Logging:LogLevel:AisLive.Server.Hosting.ShutdownSequence"] = "Debug",
            },
            logs: logs);

        await server.StopAsync();

        var stopped = logs.Lines.Where(l => l.Contains("Shutdown: ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("Shutdown: ", StringComparison.Ordinal) + 10)..].Split(' ')[0]).ToList();
        stopped.ShouldBe(ShutdownSequence.Order.Select(t => t.Name)); // every stage, upstream first, whatever the registration order
    }
}
