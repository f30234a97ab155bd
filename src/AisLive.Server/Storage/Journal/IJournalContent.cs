using AisLive.Server.Pipeline;

namespace AisLive.Server.Storage.Journal;

/// <summary>
/// What the journal keeps of a decoded message, by mode: one process keeps the rows PostGIS stores
/// (<see cref="StorageRows"/>), which its flusher commits; a cluster node keeps the whole message (the cluster
/// feature's content), which its publisher drains into the cluster's log. Either way a message is in the journal
/// before it goes on, so a kill -9 loses at most the fsync interval.
/// </summary>
public interface IJournalContent
{
    void Add(in DecodedMessage decoded, StorageBatch into);

    /// <summary>One process: the position and static-data rows.</summary>
    public sealed class StorageRows : IJournalContent
    {
        public void Add(in DecodedMessage decoded, StorageBatch into) => into.Add(decoded);
    }
}
