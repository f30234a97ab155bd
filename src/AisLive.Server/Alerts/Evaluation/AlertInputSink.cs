using AisLive.Server.Fleets;
using AisLive.Server.Pipeline;

namespace AisLive.Server.Alerts;

/// <summary>
/// The decoder's hand-off to alert evaluation. Only messages about vessels some rule can apply to are queued
/// (the evaluator tracks nothing else); every other message only moves the feed's clock, passed on as a tick
/// at most once per second of feed time. Once the evaluator runs, a full queue makes the decoder wait
/// (nothing is lost). Before it runs (rules not loaded yet, the database not there), the decoder must not
/// wait on it, or a database that is down at start would stop ingest: the queue fills without waiting, and
/// what does not fit is counted as shed, shown in <c>/api/stats</c>, <c>/metrics</c> and readiness.
/// </summary>
public sealed class AlertInputSink(AlertChannels channels, RuleDirectory rules, FleetDirectory fleets, AlertMetrics metrics) : IDecodedMessageSink
{
    private static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(1);
    private DateTimeOffset _feedTime = DateTimeOffset.MinValue;
    private DateTimeOffset _lastQueuedFeedTime = DateTimeOffset.MinValue;
    private long _firstQueuedReceivedTicks;
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set by the evaluator once it has warmed up and reads the queue: from then on the decoder waits when it is full.</summary>
    public void EvaluatorRunning()
    {
        metrics.Evaluating = true;
        _running.TrySetResult();
    }

    /// <summary>A new term of the feed (<see cref="IIngestLeadership"/>): the evaluator is restored again, from fixes received before the term's first queued message.</summary>
    public void TermStarted() => Interlocked.Exchange(ref _firstQueuedReceivedTicks, 0);

    /// <summary>Completes once the evaluator has restored its state and reads the queue.</summary>
    public Task WhenRunning => _running.Task;

    public ValueTask OfferAsync(DecodedMessage decoded, CancellationToken cancellationToken)
    {
        if (decoded.TimestampUtc > _feedTime)
        {
            _feedTime = decoded.TimestampUtc;
        }

        if (MayApply(decoded.Message))
        {
            return QueueAsync(new AlertInput(decoded, false, _feedTime), cancellationToken);
        }

        if (_feedTime - _lastQueuedFeedTime >= TickEvery && channels.Input.Writer.TryWrite(new AlertInput(default, true, _feedTime)))
        {
            _lastQueuedFeedTime = _feedTime; // a tick that does not fit is not needed: queued items carry the clock
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// When the first queued message was received (null before any). Everything received from then on is in the
    /// queue, so the evaluator's warm-up from stored fixes must only use fixes received before it.
    /// </summary>
    public DateTimeOffset? FirstQueuedReceivedAt => Interlocked.Read(ref _firstQueuedReceivedTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void Complete()
    {
        channels.Input.Writer.TryComplete();
    }

    /// <summary>
    /// Before the rules are loaded nothing is known, so everything is passed on; after, only vessels of fleets with
    /// rules, distress devices and safety broadcasts while a distress rule exists, and every vessel's position and
    /// static reports while an encounter or dark rule exists (the other ship of an encounter is in no fleet, and a dark
    /// vessel is measured against the reception of everyone around it).
    /// </summary>
    private bool MayApply(in AisLive.Ais.AisMessage message)
    {
        if (!rules.IsLoaded)
        {
            return true;
        }

        var mmsi = message.Mmsi.Value;
        if (rules.Current.Distress.Count > 0 && (message.MessageType == 14 || DistressSignal.IsDeviceMmsi(mmsi)))
        {
            return true;
        }

        if (rules.Current.ObservesEveryone && ((message.HasPosition && AlertEvaluator.IsVesselReport(message.MessageType)) || message.Static is not null))
        {
            return true;
        }

        var byFleet = rules.Current.ByFleet;
        foreach (var fleetId in fleets.Current.FleetsOf(mmsi))
        {
            if (byFleet.ContainsKey(fleetId))
            {
                return true;
            }
        }

        return false;
    }

    private ValueTask QueueAsync(AlertInput input, CancellationToken cancellationToken)
    {
        _lastQueuedFeedTime = input.FeedTime;
        if (_firstQueuedReceivedTicks == 0)
        {
            Interlocked.Exchange(ref _firstQueuedReceivedTicks, input.Message.ReceivedAtUtc.UtcTicks);
        }

        if (channels.Input.Writer.TryWrite(input))
        {
            return ValueTask.CompletedTask;
        }

        if (!_running.Task.IsCompleted)
        {
            metrics.Shed();
            return ValueTask.CompletedTask;
        }

        metrics.BackPressure();
        return channels.Input.Writer.WriteAsync(input, cancellationToken);
    }
}
