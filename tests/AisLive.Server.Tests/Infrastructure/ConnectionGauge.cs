using System.Diagnostics.Metrics;
using AisLive.Server.Streaming;

namespace AisLive.Server.Tests.Infrastructure;

/// <summary>
/// Watches one server's <c>aislive.live.connections</c> instrument (the real metric, through a
/// <see cref="MeterListener"/>), so a test can await the open-stream count reaching a value instead of polling.
/// </summary>
public sealed class ConnectionGauge : IDisposable
{
    private readonly StreamMetrics _metrics;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConnectionGauge(StreamMetrics metrics)
    {
        _metrics = metrics;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "aislive.live.connections")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, _, _, _) =>
        {
            lock (_gate)
            {
                _changed.TrySetResult();
            }
        });
        _listener.Start();
    }

    public int Current(string kind) => _metrics.ConnectionsByKind.GetValueOrDefault(kind);

    /// <summary>Completes when streams of <paramref name="kind"/> number <paramref name="expected"/>; throws after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string kind, int expected, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_changed.Task.IsCompleted)
                {
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                changed = _changed.Task;
            }

            if (Current(kind) == expected)
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{kind} streams stayed at {Current(kind)}, expected {expected}.");
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
