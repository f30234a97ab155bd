namespace AisLive.Server.Operations;

/// <summary>The body of <c>GET /api/stats</c>: streams, fan-out, the pipeline, storage and alert evaluation.</summary>
public sealed record StatsView(
    IReadOnlyDictionary<string, int> Connections,
    long EventsOut,
    long Coalesced,
    long Dropped,
    long DisconnectedSlow,
    StatsView.QueueDepthView QueueDepth,
    StatsView.LatencyView PublishToWriteMs,
    int Vessels,
    long Evicted,
    StatsView.AlertsView Alerts,
    long MessagesIn,
    long DecodeErrors,
    long Rejected,
    long PositionsStored,
    StatsView.BadInputView BadInput,
    string Node,
    string? Leader)
{
    /// <summary>
    /// Bad input: messages whose text was cleaned, fields nulled, rows the database refused, what was kept aside in
    /// <c>rejected_messages</c> (and what did not fit its queue), and every decode error, rejection and nulled field by reason.
    /// </summary>
    public sealed record BadInputView(long TextCleaned, long FieldsNulled, long RowsRefused, long Quarantined, long QuarantineDropped, IReadOnlyDictionary<string, long> ByReason);

    /// <summary>Events queued for SSE clients: in all, at the deepest client, and how many clients.</summary>
    public sealed record QueueDepthView(int Total, int Max, int Subscribers);

    /// <summary>Publish-to-write latency percentiles of the last 8,192 events, in milliseconds.</summary>
    public sealed record LatencyView(double P50, double P99, double Max);

    /// <summary>Alert evaluation: its queue, back-pressure waits, messages shed before it started, the outbox, and alerts streams.</summary>
    public sealed record AlertsView(bool Evaluating, int Queued, long InputWaits, long Shed, int Outbox, int TrackedVessels, int OpenEpisodes, int Streams, int StreamMaxQueued);
}
