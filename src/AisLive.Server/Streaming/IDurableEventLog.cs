namespace AisLive.Server.Streaming;

/// <summary>
/// The durable, ordered log behind a stream (the alerts stream's <c>alert_events</c>). With one, a stream never
/// cuts a client off for being behind and never holds a backlog in memory: it pages the log as the client drains
/// it, and goes back to the log whenever its live queue overflows. Event ids are log positions.
/// </summary>
public interface IDurableEventLog
{
    /// <summary>What a new stream sends first: a snapshot (fresh connect), or nothing and a replay from the client's position.</summary>
    /// <exception cref="DurableLogUnavailableException">The log cannot be read now.</exception>
    Task<DurableStart> StartAsync(CancellationToken cancellationToken);

    /// <summary>The next page of events after <paramref name="position"/>, oldest first.</summary>
    /// <exception cref="DurableLogUnavailableException">The log cannot be read now.</exception>
    Task<DurablePage> PageAfterAsync(long position, CancellationToken cancellationToken);
}

/// <param name="Snapshot">Events to send first (not from the log: current state, carrying <paramref name="Position"/> as id).</param>
/// <param name="Position">The log position the client is at once it has them.</param>
/// <param name="Replay">True when the client is behind <see cref="Position"/>'s end and must be replayed the log from there.</param>
public readonly record struct DurableStart(IReadOnlyList<SseEvent> Snapshot, long Position, bool Replay);

/// <param name="Events">Log events, oldest first.</param>
/// <param name="Complete">True when this page reached the end of the log (as it was when read).</param>
public readonly record struct DurablePage(IReadOnlyList<SseEvent> Events, bool Complete);

/// <summary>The log's store is not reachable; the stream tells the client to come back (<c>event: unavailable</c> with <paramref name="reason"/>, and <c>retry:</c>).</summary>
public sealed class DurableLogUnavailableException(string reason, Exception inner) : Exception(reason + ": " + inner.Message, inner)
{
    /// <summary>What the client is told, in a few words.</summary>
    public string Reason { get; } = reason;
}
