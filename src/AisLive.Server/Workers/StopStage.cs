namespace AisLive.Server.Workers;

/// <summary>
/// The order the pipeline's stages stop in, upstream to downstream, stated here once rather than left to the order
/// the features happen to register in: the feed first, then each stage after the stage that feeds it, so that every
/// queue is drained into the next (a <see cref="DrainOnStop"/> stage runs to the end of its input once the stage
/// before has completed it). A mode runs the stages it needs (one process has no log publisher; a cluster node
/// no flusher). Workers that only poll or tick are not stages: they stop after all of them.
/// </summary>
public enum StopStage
{
    /// <summary>Stop reading the feed; completes the raw channel.</summary>
    Feed,

    /// <summary>Decodes what was received; completes the storage, live, alert and quarantine channels.</summary>
    Decode,

    /// <summary>What the decoder rejected is kept aside.</summary>
    Quarantine,

    /// <summary>Evaluates what was decoded; completes the alert outbox.</summary>
    Evaluate,

    /// <summary>Stores every alert transition (and its webhook deliveries).</summary>
    PersistAlerts,

    /// <summary>The last states reach the cache and the streams.</summary>
    Live,

    /// <summary>Every decoded message is in the journal.</summary>
    Journal,

    /// <summary>A cluster node: everything in the journal is in the cluster's log.</summary>
    Publish,

    /// <summary>... and, when the database is there, in PostGIS.</summary>
    Store,
}
