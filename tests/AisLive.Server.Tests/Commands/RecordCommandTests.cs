using AisLive.Server.Commands;
using AisLive.Server.Ingest;
using Microsoft.Extensions.Configuration;

namespace AisLive.Server.Tests.Commands;

public sealed class RecordCommandTests
{
    [Fact]
    public async Task Record_LiveSession_SavesEveryFrameVerbatimWithItsReceiveTime()
    {
        await using var upstream = await FakeAisStreamServer.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"aislive-record-{Guid.NewGuid():N}.jsonl");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(UpstreamFrames.ServerSettings(upstream)).Build();
        using var stop = new CancellationTokenSource();
        var frames = Enumerable.Range(0, 3).Select(i => UpstreamFrames.Position(244000030 + (uint)i, 51 + i, 3, DateTimeOffset.UnixEpoch.AddYears(56))).ToList();
        try
        {
            var recording = RecordCommand.RunAsync(["--out", path], configuration, stop.Token);
            var session = await upstream.NextSessionAsync();
            foreach (var frame in frames)
            {
                await session.SendAsync(frame);
            }

            await session.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done");
            await upstream.NextSessionAsync(); // it reconnected, so every frame of the first session was read
            stop.Cancel();
            (await recording.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(0);

            var lines = await File.ReadAllLinesAsync(path);
            lines.Length.ShouldBe(3);
            for (var i = 0; i < 3; i++)
            {
                RecordingFormat.Unwrap(System.Text.Encoding.UTF8.GetBytes(lines[i]), out var receivedAt).ToArray().ShouldBe(frames[i]);
                receivedAt.ShouldNotBeNull();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
