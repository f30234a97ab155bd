using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;

namespace AisLive.Server.Cluster;

/// <summary>The node's part in the cluster as metrics: its log lag, whether it leads, what it published and stored.</summary>
public sealed class ClusterMetrics
{
    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The IMeterFactory owns the meters it creates and disposes them with the container.")]
    public ClusterMetrics(IMeterFactory meterFactory, ClusterState state, IngestLease lease, Alerts.AlertStore alerts)
    {
        var meter = meterFactory.Create("AisLive.Cluster");
        meter.CreateObservableGauge("aislive.cluster.lag", () => state.Lag, description: "Messages in the cluster log this node has yet to apply");
        meter.CreateObservableGauge("aislive.cluster.applied", () => state.Applied, description: "The cluster log position this node's live state has reached");
        meter.CreateObservableGauge("aislive.cluster.leader", () => lease.IsLeader ? 1 : 0, description: "1 while this node holds the ingest lease");
        meter.CreateObservableCounter("aislive.cluster.published", () => state.Published, description: "Messages this node published to the cluster log");
        meter.CreateObservableCounter("aislive.cluster.publish_duplicates", () => state.Duplicates, description: "Publishes the log recognised as copies");
        meter.CreateObservableCounter("aislive.cluster.stored", () => state.Stored, description: "Log messages this node stored in PostGIS");
        meter.CreateObservableCounter("aislive.cluster.former_term_records", () => state.FormerTermRecords, description: "Log records of a former leadership term, landing after a later term's: stored, not applied live");
        meter.CreateObservableCounter("aislive.cluster.fenced_alert_transitions", () => alerts.FencedTransitions, description: "Alert transitions of a former leadership term refused because a later term had begun");
        meter.CreateObservableGauge("aislive.cluster.term", () => lease.Term ?? 0, description: "This node's current or last leadership term");
    }
}
