
namespace AisLive.Server.Cluster;

/// <summary>The cluster's names in NATS, in one place (they are a contract between nodes of different versions).</summary>
public static class ClusterNames
{
    /// <summary>The ordered log of decoded messages.</summary>
    public const string Stream = "AISLIVE_MESSAGES";

    public const string MessagesSubject = "aislive.messages";

    /// <summary>The header naming the leadership term a log record was decoded in (a number; higher is later).</summary>
    public const string TermHeader = "AisLive-Term";

    /// <summary>The PostGIS writer's durable consumer, shared by every node.</summary>
    public const string StorageConsumer = "storage";

    /// <summary>The key-value bucket holding the ingest lease.</summary>
    public const string LeaseBucket = "aislive_lease";

    public const string LeaseKey = "ingest";

    /// <summary>The key-value bucket holding who watches each fleet through each node.</summary>
    public const string PresenceBucket = "aislive_presence";

    /// <summary>Doorbells: something changed in PostgreSQL that every node must read (a fleet id, a rule, new alert events).</summary>
    public const string FleetChanged = "aislive.changes.fleet";

    public const string RulesChanged = "aislive.changes.rules";

    public const string AlertEventsAppended = "aislive.changes.alert-events";

    /// <summary>The leader's feed snapshot, which the other nodes report as theirs.</summary>
    public const string Feed = "aislive.feed";
}
