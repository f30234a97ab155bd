using AisLive.Server.Alerts;
using AisLive.Server.Ingest;
using AisLive.Server.Live;
using AisLive.Server.Pipeline;
using AisLive.Server.Storage.Journal;

namespace AisLive.Server.Hosting;

/// <summary>
/// The order the service stops in, stated once here rather than left to the order features happen to be registered
/// in: the feed first, then each pipeline stage after the stage that feeds it, so that every queue is drained into
/// the next (a <see cref="DrainOnStop"/> stage runs to the end of its input once the stage before has completed it).
/// The workers that only poll or tick (webhook dispatcher, escalation, eviction, partitions) hold no queue: the host
/// stops them after this sequence, in any order. The host's shutdown timeout (30 s) bounds the whole sequence;
/// whatever a stage could not finish is still in the journal or the database for the next start.
/// </summary>
public sealed partial class ShutdownSequence(IServiceProvider services, ILogger<ShutdownSequence> logger) : IHostedLifecycleService
{
    /// <summary>Upstream to downstream. Hosted services not listed (the pollers) stop after these, in the host's own order.</summary>
    public static readonly Type[] Order =
    [
        typeof(IngestWorker),           // stop reading the feed; completes the raw channel
        typeof(DecodeWorker),           // decodes what was received; completes the storage, live and alert channels
        typeof(AlertWorker),            // evaluates what was decoded; completes the alert outbox
        typeof(AlertPersister),         // stores every transition (and its webhook deliveries)
        typeof(LiveWorker),             // the last states reach the cache and the streams
        typeof(JournalAppenderWorker),  // every decoded position is in the journal
        typeof(StorageFlusherWorker),   // ... and, when the database is there, in PostGIS
    ];

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // Hosted services are singletons: these are the running instances. Resolved here, not injected, because this
        // is one of them.
        var running = services.GetServices<IHostedService>().ToList();
        foreach (var stage in Order)
        {
            if (running.FirstOrDefault(s => s.GetType() == stage) is { } service)
            {
                await service.StopAsync(cancellationToken);
                Log.Stopped(logger, stage.Name);
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1901, Level = LogLevel.Debug, Message = "Shutdown: {Stage} stopped")]
        public static partial void Stopped(ILogger logger, string stage);
    }
}
