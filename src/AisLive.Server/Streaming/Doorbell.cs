using System.Threading.Tasks.Sources;

namespace AisLive.Server.Streaming;

/// <summary>
/// Wakes one stream's writer: any thread may <see cref="Ring"/>, and the writer waits for a ring with
/// <see cref="WaitAsync"/>. Rings before a wait are kept as one (the writer drains everything queued when it wakes).
/// The same contract as a <c>Channel&lt;bool&gt;</c> of capacity one that drops writes when full, which it replaces:
/// the channel took about 800 B of objects per open stream (its reader, writer, queue and a waiter object per kind of
/// wait); this is one object, its wait allocation-free (<see cref="IValueTaskSource{TResult}"/>).
/// </summary>
public sealed class Doorbell : IValueTaskSource<bool>
{
    private readonly Lock _gate = new();
    private ManualResetValueTaskSourceCore<bool> _wait = new() { RunContinuationsAsynchronously = true }; // never run the writer on the ringer's thread
    private CancellationTokenRegistration _cancellation;
    private bool _rung;
    private bool _waiting;
    private bool _closed;

    /// <summary>Wakes the writer, now or at its next wait.</summary>
    public void Ring()
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                _rung = true;
                return;
            }

            _waiting = false;
        }

        _wait.SetResult(true);
    }

    /// <summary>No more rings: a writer waiting, or waiting after any ring already made, gets false.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _wait.SetResult(false);
    }

    /// <summary>Takes a ring made since the last wait, without waiting; false when there was none.</summary>
    public bool TryTake()
    {
        lock (_gate)
        {
            var rung = _rung;
            _rung = false;
            return rung;
        }
    }

    /// <summary>
    /// Waits for a ring or for <paramref name="poll"/> on <paramref name="time"/>, whichever comes first (an outbox's
    /// sender: new work rings, due retries are found by polling). A ring meanwhile is covered by the read that follows.
    /// </summary>
    public async Task WaitOrPollAsync(TimeSpan poll, TimeProvider time, CancellationToken cancellationToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rung = WaitAsync(wake.Token).AsTask();
        var polled = Task.Delay(poll, time, wake.Token);
        await Task.WhenAny(rung, polled);
        await wake.CancelAsync();
        await Task.WhenAll(rung, polled).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // the wait is over before the next one
        TryTake();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>True when rung (at once if rung since the last wait), false once closed; one waiter at a time.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_rung)
            {
                _rung = false;
                return new(true);
            }

            if (_closed)
            {
                return new(false);
            }

            if (_waiting)
            {
                throw new InvalidOperationException("A doorbell has one waiter at a time.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            _wait.Reset();
            _waiting = true;
        }

        // Outside the lock: a token cancelled meanwhile runs the callback here, and it takes the lock.
        _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((Doorbell)state!).Cancel(token), this);
        return new(this, _wait.Version);
    }

    private void Cancel(CancellationToken token)
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _wait.SetException(new OperationCanceledException(token));
    }

    bool IValueTaskSource<bool>.GetResult(short token)
    {
        _cancellation.Unregister(); // not Dispose: that would wait for a callback running on another thread
        return _wait.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _wait.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wait.OnCompleted(continuation, state, token, flags);
}
