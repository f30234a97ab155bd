using System.ComponentModel.DataAnnotations;
using AisLive.Server.Pipeline;

namespace AisLive.Server.Cluster;

/// <summary>A node of a cluster on NATS JetStream. Without <see cref="NatsUrl"/> the process runs alone, as it always has.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>The NATS server (with JetStream) that makes this process a node of a cluster, e.g. <c>nats://127.0.0.1:54222</c>.</summary>
    public string? NatsUrl { get; set; }

    /// <summary>This node's name in logs, <c>/api/stats</c>, <c>/metrics</c> and the lease (default: host name and process id).</summary>
    [Required]
    public string NodeId { get; set; } = PipelineModes.DefaultNodeName;

    /// <summary>How long the ingest lease lasts unless renewed; the leader renews it every third of this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The log's size limit. Messages stay in it until they are stored, so it must hold a database outage: an hour
    /// of the world feed (about 300 messages/s, about 500 bytes each as the log stores them) is about 0.6 GB.
    /// When it is full the leader's publishes are refused and wait, readiness says so, and nothing is lost.
    /// </summary>
    [Range(1024L * 1024, long.MaxValue)]
    public long LogMaxBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Copies JetStream keeps of the log, the storage consumer and the lease (1, 3 or 5). One NATS server (the local
    /// demo) can only keep one; against a cluster of three NATS servers, 3 leaves no single point of failure in NATS.
    /// </summary>
    [Range(1, 5)]
    public int Replicas { get; set; } = 1;

    /// <summary>
    /// How long a batch the storage consumer handed to a node may go unacknowledged before JetStream gives it to a node
    /// again: the delay before a killed node's batch is stored by another. Longer than the slowest commit of a batch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StorageAckWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the log remembers a message id to drop a second copy: longer than the NATS outages it must ride out, so
    /// that the journal's republish after one adds nothing. Beyond it a republish can add a copy of at most
    /// <see cref="PublishWindow"/> records, which storage's key (vessel, time) drops and live state ignores as not newer.
    /// The server keeps every id for this long: about 100 bytes each (at 2,000 messages/s, 10 minutes is about 120 MB).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The explicit way to change the cluster's shared objects (the log stream, the storage consumer, the lease bucket):
    /// a node started with this true applies its own settings to them. Without it a node keeps what it finds.
    /// </summary>
    public bool UpdateSharedObjects { get; set; }

    /// <summary>Publishes in flight (not yet confirmed by JetStream) at once; keeps the leader's publishing off the round trip.</summary>
    [Range(1, 100_000)]
    public int PublishWindow { get; set; } = 512;

    /// <summary>
    /// Vessels a node that starts (or reconnects) loads from PostgreSQL before reading the log: those heard within
    /// this window (a fleet's vessels whenever they were last heard).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan WarmStartWindow { get; set; } = TimeSpan.FromHours(24);
}
