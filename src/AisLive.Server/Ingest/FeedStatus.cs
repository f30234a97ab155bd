using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;

namespace AisLive.Server.Ingest;

/// <summary>
/// What the source is doing, for <c>/api/feed</c>, readiness and the streams' <c>event: feed</c>. The
/// per-message path (<see cref="MessageReceived"/>) is lock-free; state changes take a lock and are
/// announced through <see cref="Changed"/>, raised outside it.
/// </summary>
public sealed class FeedStatus
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Counter<long> _reconnectCounter;
    private readonly Dictionary<string, long> _reconnects = [];
    private FeedState _state = FeedState.Connecting;
    private DateTimeOffset _since;
    private string? _lastError;
    private DateTimeOffset? _nextAttemptAt;
    private long _messages;
    private long _errors;
    private long _lastMessageUtcTicks;
    private FeedSnapshot? _mirrored;

    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The IMeterFactory owns the meters it creates and disposes them with the container.")]
    public FeedStatus(TimeProvider time, IMeterFactory meterFactory)
    {
        _time = time;
        _since = time.GetUtcNow();
        var meter = meterFactory.Create("AisLive.Ingest");
        _reconnectCounter = meter.CreateCounter<long>("aislive.ingest.reconnects", description: "Upstream reconnects, by reason");
        meter.CreateObservableCounter("aislive.ingest.messages_received", () => Interlocked.Read(ref _messages), description: "Frames received from the upstream");
    }

    /// <summary>Raised after every state change, with the new snapshot.</summary>
    public event Action<FeedSnapshot>? Changed;

    public string Source { get; set; } = "none";

    public FeedState State => _state;

    /// <summary>The cluster node holding the feed (null for one process).</summary>
    public string? Leader { get; set; }

    /// <summary>
    /// On a cluster node that does not hold the feed: reports <paramref name="leaders"/> (the leader's own snapshot) as
    /// this node's; null goes back to this node's own state (it leads now). Streams hear of it when the state moves.
    /// </summary>
    public void Mirror(FeedSnapshot? leaders)
    {
        FeedSnapshot? previous;
        lock (_gate)
        {
            previous = _mirrored;
            _mirrored = leaders;
        }

        if (leaders is not null && (previous is null || previous.State != leaders.State || previous.Leader != leaders.Leader || previous.LastError != leaders.LastError))
        {
            Changed?.Invoke(leaders);
        }
    }

    public void MessageReceived()
    {
        Interlocked.Increment(ref _messages);
        Interlocked.Exchange(ref _lastMessageUtcTicks, _time.GetUtcNow().UtcTicks);
        if (_state != FeedState.Live)
        {
            SetState(FeedState.Live);
        }
    }

    public void Error(string message)
    {
        Interlocked.Increment(ref _errors);
        lock (_gate)
        {
            _lastError = message;
        }
    }

    public void Reconnecting(string reason)
    {
        lock (_gate)
        {
            _reconnects[reason] = _reconnects.GetValueOrDefault(reason) + 1;
        }

        _reconnectCounter.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>Moves to <paramref name="state"/>; <paramref name="retryIn"/> is the wait before the next attempt, if one is planned.</summary>
    public void SetState(FeedState state, string? error = null, TimeSpan? retryIn = null)
    {
        FeedSnapshot snapshot;
        lock (_gate)
        {
            if (_state == state && error is null && retryIn is null && _nextAttemptAt is null)
            {
                return;
            }

            _state = state;
            _since = _time.GetUtcNow();
            _nextAttemptAt = _since + retryIn;
            if (error is not null)
            {
                _lastError = error;
            }

            snapshot = SnapshotLocked();
        }

        Changed?.Invoke(snapshot);
    }

    public FeedSnapshot Snapshot()
    {
        lock (_gate)
        {
            return _mirrored ?? SnapshotLocked();
        }
    }

    private FeedSnapshot SnapshotLocked()
    {
        var lastTicks = Interlocked.Read(ref _lastMessageUtcTicks);
        return new FeedSnapshot(
            Source,
            _state,
            _since,
            lastTicks == 0 ? null : new DateTimeOffset(lastTicks, TimeSpan.Zero),
            Interlocked.Read(ref _messages),
            Interlocked.Read(ref _errors),
            new Dictionary<string, long>(_reconnects),
            _lastError,
            _nextAttemptAt,
            Leader);
    }
}
