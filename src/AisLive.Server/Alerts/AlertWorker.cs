using AisLive.Server.Fleets;
using AisLive.Server.Ingest;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>
/// Runs the <see cref="AlertEvaluator"/>: every changed vessel state, in order, and a periodic signal-lost
/// sweep driven by the <see cref="TimeProvider"/>. Transitions go to the outbox; this worker never touches the
/// database, so a database outage does not stop evaluation.
/// </summary>
public sealed class AlertWorker(
    AlertChannels channels,
    RuleBook rules,
    FleetDirectory fleets,
    FeedStatus feed,
    IOptions<AlertOptions> options,
    TimeProvider time) : BackgroundService
{
    private readonly AlertEvaluator _evaluator = new();
    private DateTimeOffset _lastSweepFeedTime = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await EvaluateAsync(stoppingToken);
        }
        finally
        {
            channels.Outbox.Writer.TryComplete(); // the persister stores what is left, then ends
        }
    }

    private async Task EvaluateAsync(CancellationToken stoppingToken)
    {
        await fleets.WhenLoadedAsync(stoppingToken);
        await rules.WhenLoadedAsync(stoppingToken);
        var settings = options.Value;
        var reader = channels.Input.Reader;
        using var ticks = new PeriodicTimer(settings.SweepInterval, time);
        var tick = ticks.WaitForNextTickAsync(stoppingToken).AsTask();
        while (true)
        {
            var data = reader.WaitToReadAsync(stoppingToken).AsTask();
            var first = await Task.WhenAny(data, tick);
            if (first == tick)
            {
                if (!await tick)
                {
                    return;
                }

                await SweepAsync(TimeDriven(settings), stoppingToken);
                tick = ticks.WaitForNextTickAsync(stoppingToken).AsTask();
                continue;
            }

            if (!await data)
            {
                return; // the live path completed (a replay ended)
            }

            while (reader.TryRead(out var state))
            {
                await EmitAsync(_evaluator.Evaluate(state, fleets.Current, rules.Current), stoppingToken);

                // Replays run faster than the clock: sweep every few seconds of the feed's own time as well.
                if (_evaluator.FeedTime - _lastSweepFeedTime >= TimeSpan.FromSeconds(5))
                {
                    await SweepAsync(_evaluator.FeedTime, stoppingToken);
                }
            }
        }
    }

    /// <summary>The feed's clock carried forward by real time since its last message; null while the feed is quiet.</summary>
    private DateTimeOffset? TimeDriven(AlertOptions settings)
    {
        var snapshot = feed.Snapshot();
        if (snapshot.LastMessageAt is not { } lastReceived || _evaluator.FeedTime == DateTimeOffset.MinValue)
        {
            return null;
        }

        var sinceLast = time.GetUtcNow() - lastReceived;
        return sinceLast > settings.FeedQuietAfter ? null : _evaluator.FeedTime + sinceLast;
    }

    private async Task SweepAsync(DateTimeOffset? reference, CancellationToken stoppingToken)
    {
        if (reference is not { } at || !rules.Current.HasSignalLost)
        {
            return; // the whole feed is quiet: a feed problem, reported by /api/feed, not thousands of dark vessels
        }

        _lastSweepFeedTime = at;
        await EmitAsync(_evaluator.SweepSignalLost(at, fleets.Current, rules.Current), stoppingToken);
    }

    private async Task EmitAsync(List<AlertTransition> transitions, CancellationToken stoppingToken)
    {
        foreach (var transition in transitions)
        {
            await channels.Outbox.Writer.WriteAsync(transition, stoppingToken);
        }
    }
}
