using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;

namespace AisLive.Server.Alerts;

/// <summary>Alert evaluation and delivery under the meter <c>AisLive.Alerts</c>; <c>/api/stats</c> reads the same numbers.</summary>
public sealed class AlertMetrics
{
    public const string MeterName = "AisLive.Alerts";
    private readonly Counter<long> _transitions;
    private readonly TimeProvider _time;
    private long _backPressureTotal;
    private long _shedTotal;
    private long _lastShedTimestamp;

    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The IMeterFactory owns the meters it creates and disposes them with the container.")]
    public AlertMetrics(IMeterFactory meterFactory, AlertChannels channels, TimeProvider time)
    {
        _time = time;
        var meter = meterFactory.Create(MeterName);
        // Observable, so that a scrape shows 0 rather than nothing until the first wait or shed.
        meter.CreateObservableCounter("aislive.alerts.input_waits", () => BackPressureWaits, description: "Times the decoder waited because alert evaluation was behind (back-pressure, nothing lost)");
        meter.CreateObservableCounter("aislive.alerts.input_shed", () => ShedCount, description: "Messages not evaluated: they arrived before the evaluator started and did not fit its queue");
        _transitions = meter.CreateCounter<long>("aislive.alerts.transitions", description: "Episodes started or ended by the evaluator, by kind (raised, resolved)");
        meter.CreateObservableGauge("aislive.alerts.input_depth", () => channels.Input.Reader.Count, description: "Messages waiting for alert evaluation");
        meter.CreateObservableGauge("aislive.alerts.outbox_depth", () => channels.Outbox.Reader.Count, description: "Alert transitions waiting to be stored (grows during a database outage)");
        meter.CreateObservableGauge("aislive.alerts.tracked_vessels", () => TrackedVessels, description: "Vessels the evaluator keeps state for (those some rule applies to)");
        meter.CreateObservableGauge("aislive.alerts.open_episodes", () => OpenEpisodes, description: "Episodes open in the evaluator");
    }

    public long BackPressureWaits => Interlocked.Read(ref _backPressureTotal);

    public long ShedCount => Interlocked.Read(ref _shedTotal);

    /// <summary>How long ago a message was last shed; null when none ever was.</summary>
    public TimeSpan? SinceLastShed => Interlocked.Read(ref _shedTotal) == 0 ? null : _time.GetElapsedTime(Interlocked.Read(ref _lastShedTimestamp));

    /// <summary>Set once the evaluator has restored its state and reads its queue.</summary>
    public bool Evaluating { get; set; }

    public int TrackedVessels { get; set; }

    public int OpenEpisodes { get; set; }

    public void BackPressure()
    {
        Interlocked.Increment(ref _backPressureTotal);
    }

    public void Shed()
    {
        Interlocked.Exchange(ref _lastShedTimestamp, _time.GetTimestamp());
        Interlocked.Increment(ref _shedTotal);
    }

    public void Transition(bool raised) => _transitions.Add(1, new KeyValuePair<string, object?>("kind", raised ? "raised" : "resolved"));
}
