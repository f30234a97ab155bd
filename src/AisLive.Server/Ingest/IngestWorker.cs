using AisLive.Server.Pipeline;

namespace AisLive.Server.Ingest;

/// <summary>
/// Runs the configured source into the raw channel while this process leads (<see cref="IIngestLeadership"/>: always
/// for one process; while it holds the ingest lease for a cluster node), and completes the channel when the source
/// ends or the service stops. A node whose term ends stops reading at once and waits for its next term.
/// </summary>
public sealed partial class IngestWorker(IAisSource source, PipelineChannels channels, IIngestLeadership leadership, FeedStatus feed, ILogger<IngestWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Exception? failure = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var term = await leadership.WaitForTermAsync(stoppingToken);
                using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
                Log.Starting(logger, source.Name);
                try
                {
                    await source.RunAsync(channels.Raw.Writer, running.Token);
                    if (!term.IsCancellationRequested || stoppingToken.IsCancellationRequested)
                    {
                        return; // the source ended (a replay without loop): so does ingest
                    }
                }
#pragma warning disable CA1031 // Filtered: only once the term has ended, when whatever the source throws is the end of that term.
                catch (Exception) when (term.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    // The term ended while the source was reading: whatever the source threw on the way out (its
                    // cancellation, or the socket the upstream dropped while this node was paused) ends the term, not
                    // the service.
                }

                // The term ended (a source may return rather than throw when cancelled): wait for the next one. Returning
                // here would leave a node that leads again holding the lease with no feed.
                Log.TermEnded(logger, source.Name);
                feed.SetState(FeedState.Standby);
            }
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

        [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Ingest from {Source} paused: this node no longer holds the ingest lease")]
        public static partial void TermEnded(ILogger logger, string source);
    }
}
