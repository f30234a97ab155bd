using System.Threading.Channels;
using AisLive.Server.Ingest;
using AisLive.Server.Ingest.AisStream;
using AisLive.Server.Pipeline;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Commands;

/// <summary>
/// <c>scripts/aislive record --out FILE [--minutes N]</c>: saves a live AISStream session verbatim, one frame
/// per line with its receive time (<see cref="RecordingFormat"/>), so a user can replay their own feed with
/// <c>Replay__Path=FILE scripts/aislive run</c>. Uses the service's AisStream settings and AISSTREAM_API_KEY.
/// </summary>
public static class RecordCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        return RunAsync(args, configuration, stop.Token);
    }

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (Parse(args) is not var (path, minutes))
        {
            await Console.Error.WriteLineAsync("usage: aislive record --out FILE [--minutes N]   (needs AISSTREAM_API_KEY)");
            return 2;
        }

        var settings = configuration.GetSection(AisStreamOptions.SectionName).Get<AisStreamOptions>() ?? new AisStreamOptions();
        settings.ApiKey ??= Environment.GetEnvironmentVariable("AISSTREAM_API_KEY");
        if (AisStreamOptions.Validate(settings).FirstOrDefault() is { } problem)
        {
            await Console.Error.WriteLineAsync($"record: {problem}");
            return 2;
        }

        using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var status = new FeedStatus(TimeProvider.System, metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var source = new AisStreamSource(Options.Create(settings), status, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<AisStreamSource>.Instance);

        // Receive -> file through a bounded channel: a slow disk slows the socket, it does not grow memory.
        var frames = Channel.CreateBounded<RawFrame>(new BoundedChannelOptions(10_000) { SingleReader = true, SingleWriter = true });
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (minutes is { } limit)
        {
            window.CancelAfter(TimeSpan.FromMinutes(limit));
        }

        async Task ReceiveAsync()
        {
            try
            {
                await source.RunAsync(frames.Writer, window.Token);
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested)
            {
                // the recording window ended
            }
            finally
            {
                frames.Writer.TryComplete();
            }
        }

        var receiving = ReceiveAsync();
        long count = 0;
        await using (var output = File.Create(path))
        {
            // Not cancellable on purpose: once received, a frame is written, so a stop loses nothing.
            await foreach (var frame in frames.Reader.ReadAllAsync(CancellationToken.None))
            {
                output.Write(RecordingFormat.Wrap(frame.Payload.Span, frame.ReceivedAtUtc));
                output.WriteByte((byte)'\n');
                count++;
            }
        }

        await receiving;
        await Console.Out.WriteLineAsync($"recorded {count} frames to {path}");
        return 0;
    }

    private static (string Path, double? Minutes)? Parse(string[] args)
    {
        string? path = null;
        double? minutes = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--out":
                    path = args[i + 1];
                    break;
                case "--minutes" when double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0:
                    minutes = value;
                    break;
                default:
                    return null;
            }
        }

        return path is null || args.Length % 2 != 0 ? null : (path, minutes);
    }
}
