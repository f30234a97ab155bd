namespace AisLive.Server.Streaming;

/// <summary>
/// The queue between the publisher and one SSE connection. The publisher only ever calls
/// <see cref="Offer"/>, which never blocks and never awaits the client: updates to a vessel already
/// queued replace the queued one (a slow client gets the latest state per vessel), so memory is bounded
/// by the vessels in scope, and past its bound of keyed events (<paramref name="maxQueuedKeys"/>) the client is
/// cut off and told to retry rather than hold memory for ever. A subscriber whose events are all in a durable
/// log (<paramref name="catchUpFromLog"/>) is never cut off: past its bound it drops its queue and is marked
/// <see cref="TakeBehind">behind</see>, and its writer reads the log instead. Positions wake the writer through the
/// <paramref name="writeWindow"/> when there is one (once per window, not per position); everything else at once.
/// </summary>
public sealed class StreamSubscriber(StreamScope scope, System.Security.Claims.ClaimsPrincipal user, int maxQueuedKeys, StreamMetrics metrics, bool catchUpFromLog = false, WriteWindow? writeWindow = null)
{
    private int _ringScheduled; // 1 while this subscriber waits for the end of the write window
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, SseEvent> _latest = [];
    private readonly Queue<SseEvent> _order = new();
    private int _unkeyed; // events in _order that cannot be coalesced (control, alerts)
    private bool _behind; // the queue was dropped: the writer must read the durable log

    public StreamScope Scope { get; } = scope;

    public System.Security.Claims.ClaimsPrincipal User { get; } = user;

    public bool Overflowed { get; private set; }

    /// <summary>Set when the server ends this stream (access revoked, fleet deleted): the last event to send.</summary>
    public SseEvent? Ending { get; private set; }

    public long Coalesced { get; private set; }

    public int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _latest.Count + _unkeyed; // what is waiting, not the superseded entries still in _order
            }
        }
    }

    /// <summary>Rung when there is something to write: the writer waits on it.</summary>
    public Doorbell Doorbell { get; } = new();

    /// <summary>Queues an event for this client without waiting. Returns false once the client is cut off.</summary>
    public bool Offer(SseEvent evt)
    {
        lock (_gate)
        {
            if (Overflowed)
            {
                return false;
            }

            if (evt.IsHeartbeat && _order.Count > 0)
            {
                return true; // data is on its way already; a heartbeat would only lengthen the queue
            }

            if (evt.Key is { } key)
            {
                if (_latest.TryGetValue(key, out var queued))
                {
                    if (queued.Sequence >= evt.Sequence)
                    {
                        return true; // already has this or newer
                    }

                    Coalesced++;
                    metrics.Coalesce();
                }
                else if (_latest.Count >= maxQueuedKeys)
                {
                    return CutOff();
                }

                _latest[key] = evt;
            }
            else if (_unkeyed >= (catchUpFromLog ? maxQueuedKeys : 2 * maxQueuedKeys))
            {
                // Events that cannot be coalesced (alerts) piled up. With a durable log behind the stream they
                // are read from there instead; without one the client resumes later with Last-Event-ID.
                return catchUpFromLog ? FallBehind() : CutOff();
            }
            else
            {
                _unkeyed++;
            }

            // A superseded entry stays in the order queue and is skipped when drained; the queue is
            // re-built when skipped entries pile up, so it stays within a small multiple of _latest.
            _order.Enqueue(evt);
            if (_order.Count > (4 * _latest.Count) + 64)
            {
                Compact();
            }
        }

        if (evt.Key is not null && writeWindow is { Immediate: false })
        {
            if (Interlocked.Exchange(ref _ringScheduled, 1) == 0)
            {
                writeWindow.Schedule(this);
            }

            return true;
        }

        Doorbell.Ring();
        return true;
    }

    /// <summary>The end of the write window: wakes the writer for the positions queued in it.</summary>
    internal void RingNow()
    {
        Volatile.Write(ref _ringScheduled, 0);
        Doorbell.Ring();
    }

    /// <summary>Moves everything queued into <paramref name="into"/>, oldest first, superseded updates left out.</summary>
    public void DrainTo(List<SseEvent> into)
    {
        lock (_gate)
        {
            _unkeyed = 0; // everything is drained below
            while (_order.TryDequeue(out var evt))
            {
                if (evt.Key is not { } key)
                {
                    into.Add(evt);
                }
                else if (_latest.TryGetValue(key, out var latest) && ReferenceEquals(latest, evt))
                {
                    into.Add(evt);
                    _latest.Remove(key);
                }
            }
        }
    }

    public void Close() => Doorbell.Close();

    /// <summary>Marks the subscriber behind (a resume that starts with a replay) and rings the doorbell.</summary>
    public void MarkBehind()
    {
        lock (_gate)
        {
            FallBehind();
        }
    }

    /// <summary>
    /// True once per fall behind: the queue is dropped (the log holds all of it) and the caller must now page
    /// the log from its last written position. Events offered after this call queue normally again.
    /// </summary>
    public bool TakeBehind()
    {
        lock (_gate)
        {
            if (!_behind)
            {
                return false;
            }

            _behind = false;
            _order.Clear();
            _latest.Clear();
            _unkeyed = 0;
            return true;
        }
    }

    /// <summary>Ends the stream after what is queued, with <paramref name="finalEvent"/> as its last word.</summary>
    public void End(SseEvent finalEvent)
    {
        lock (_gate)
        {
            Ending ??= finalEvent;
        }

        Doorbell.Ring();
    }

    /// <summary>Marks the client too far behind and drops its queue; the writer loop tells it to retry. Caller holds the lock.</summary>
    private bool CutOff()
    {
        Overflowed = true;
        _latest.Clear();
        _order.Clear();
        _unkeyed = 0;
        Doorbell.Ring();
        return false;
    }

    /// <summary>Drops the queue and marks the subscriber behind (it reads the log instead). Caller holds the lock.</summary>
    private bool FallBehind()
    {
        _behind = true;
        _order.Clear();
        _latest.Clear();
        _unkeyed = 0;
        Doorbell.Ring();
        return true;
    }

    private void Compact()
    {
        var kept = _order.Where(e => e.Key is not { } key || ReferenceEquals(_latest.GetValueOrDefault(key), e)).ToList();
        _order.Clear();
        foreach (var evt in kept)
        {
            _order.Enqueue(evt);
        }
    }
}
