using AisLive.Server.Alerts;
using AisLive.Server.Cluster;
using AisLive.Server.Ingest;
using AisLive.Server.Live;
using AisLive.Server.Pipeline;
using AisLive.Server.Storage.Journal;
using AisLive.Server.Storage.Quarantine;

namespace AisLive.Server.Hosting;

/// <summary>
/// The order the service stops in, stated once here rather than left to the order features happen to be registered
/// in: the feed first, then each pipeline stage after the stage that feeds it, so that every queue is drained into
/// the next (a <see cref="DrainOnStop"/> stage runs to the end of its input once the stage before has completed it).
/// The host stops hosted services in reverse order of registration, so <see cref="Apply"/> moves the stages' registrations
/// to the end, in the reverse of <see cref="Order"/>: they start downstream first and stop upstream first, and the
/// workers that only poll or tick (webhooks, escalation, eviction, partitions, loaders) stop after them. The host's
/// shutdown timeout (30 s) bounds it all; whatever a stage could not finish is in the journal or the database for the
/// next start.
/// </summary>
public static class ShutdownSequence
{
    /// <summary>The stop order, upstream to downstream.</summary>
    public static readonly Type[] Order =
    [
        typeof(IngestWorker),           // stop reading the feed; completes the raw channel
        typeof(DecodeWorker),           // decodes what was received; completes the storage, live, alert and quarantine channels
        typeof(QuarantineWorker),       // what the decoder rejected is kept aside
        typeof(AlertWorker),            // evaluates what was decoded; completes the alert outbox
        typeof(AlertPersister),         // stores every transition (and its webhook deliveries)
        typeof(LogPublisherWorker),     // a cluster node: every decoded message is in the cluster's log
        typeof(LiveWorker),             // the last states reach the cache and the streams
        typeof(JournalAppenderWorker),  // every decoded position is in the journal
        typeof(StorageFlusherWorker),   // ... and, when the database is there, in PostGIS
    ];

    /// <summary>Call after every feature has registered its hosted services. A stage the mode does not run is skipped (one process has no log publisher; a cluster node no journal).</summary>
    public static void Apply(IServiceCollection services)
    {
        foreach (var stage in Order.Reverse())
        {
            if (services.SingleOrDefault(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == stage) is { } registration)
            {
                services.Remove(registration);
                services.Add(registration);
            }
        }
    }
}
