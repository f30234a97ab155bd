using AisLive.Server.Pipeline;

namespace AisLive.Server.Ingest;

/// <summary>Runs the configured source into the raw channel and completes the channel when the source ends.</summary>
public sealed partial class IngestWorker(IAisSource source, PipelineChannels channels, ILogger<IngestWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Starting(logger, source.Name);
        Exception? failure = null;
        try
        {
            await source.RunAsync(channels.Raw.Writer, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: completing the channel below lets the pipeline drain what it has.
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            channels.Raw.Writer.TryComplete(failure);
            Log.Stopped(logger, source.Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Ingest starting from source {Source}")]
        public static partial void Starting(ILogger logger, string source);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Ingest from {Source} stopped")]
        public static partial void Stopped(ILogger logger, string source);
    }
}
