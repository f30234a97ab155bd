using System.Threading.Channels;
using AisLive.Ais;
using AisLive.Server.Pipeline;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Ingest;

/// <summary>
/// Plays a recording (AISStream JSON lines or NMEA sentences) into the pipeline, paced by the recorded
/// timestamps at <see cref="ReplayOptions.Speed"/>, optionally looping and rebased to the present.
/// </summary>
public sealed partial class ReplaySource(IOptions<ReplayOptions> options, FeedStatus status, TimeProvider time, ILogger<ReplaySource> logger) : IAisSource
{
    public string Name => "replay";

    public async Task RunAsync(ChannelWriter<RawFrame> output, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var path = System.IO.Path.GetFullPath(settings.Path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Replay:Path '{settings.Path}' does not exist (resolved to {path}).", path);
        }

        status.Source = Name;
        var pass = 0;
        do
        {
            pass++;
            var count = await PlayOnceAsync(path, settings, output, cancellationToken);
            Log.PassFinished(logger, path, pass, count);
            if (count == 0)
            {
                break; // an empty recording would loop forever doing nothing
            }
        }
        while (settings.Loop && !cancellationToken.IsCancellationRequested);

        status.SetState(FeedState.Ended);
    }

    private async Task<long> PlayOnceAsync(string path, ReplayOptions settings, ChannelWriter<RawFrame> output, CancellationToken cancellationToken)
    {
        await using var file = OpenRecording(path);
        var reader = new BoundedLineReader(file);
        var startedAt = time.GetTimestamp();
        DateTimeOffset? firstRecorded = null;
        var shift = TimeSpan.Zero;
        long count = 0;
        while (await reader.ReadLineAsync(cancellationToken) is (true, var line, var tooLong))
        {
            if (line.IsEmpty || line.Span[0] == (byte)'#' || tooLong)
            {
                continue;
            }

            var frame = RecordingFormat.Unwrap(line, out var receivedAt);
            var bytes = frame.ToArray();
            var recorded = receivedAt ?? RecordedTime.Find(bytes);
            if (recorded is { } at)
            {
                if (firstRecorded is null)
                {
                    firstRecorded = at;
                    shift = settings.Rebase ? time.GetUtcNow() - at : TimeSpan.Zero;
                }

                if (settings.Speed > 0)
                {
                    var due = (at - firstRecorded.Value) / settings.Speed - time.GetElapsedTime(startedAt);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, time, cancellationToken);
                    }
                }
            }

            status.MessageReceived();
            await output.WriteAsync(new RawFrame(bytes, time.GetUtcNow(), time.GetTimestamp(), shift, recorded), cancellationToken);
            count++;
        }

        return count;
    }

    /// <summary>Opens a recording, decompressing it on the fly when it ends in <c>.gz</c>.</summary>
    private static Stream OpenRecording(string path)
    {
        var file = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : file;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Replayed {Path} (pass {Pass}): {Count} frames")]
        public static partial void PassFinished(ILogger logger, string path, int pass, long count);
    }
}
