using AisLive.Server.Fleets;
using AisLive.Server.Ingest;
using AisLive.Server.Workers;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>
/// Runs the <see cref="AlertEvaluator"/>: first it restores the evaluator from the database (open episodes,
/// cooldowns, anchors, the last stored fixes), then it evaluates every queued message in order, sweeps for
/// signal-lost on the feed's clock and, on the <see cref="TimeProvider"/>'s ticks, lets go of what no rule
/// applies to. Transitions go to the outbox; apart from the restore this worker never touches the database,
/// so a database outage does not stop evaluation. On shutdown it evaluates what the decoder queued before
/// completing its input, then completes the outbox for the persister. On a cluster node it evaluates only while the
/// node holds the ingest lease (the messages it evaluates are the ones its own decoder takes from the feed), so alerts
/// are evaluated once per cluster; every term starts with a fresh restore, so a new leader knows what the last raised.
/// </summary>
public sealed partial class AlertWorker(
    AlertChannels channels,
    AlertInputSink sink,
    AlertSeedStore seeds,
    AlertStore store,
    RuleDirectory rules,
    FleetDirectory fleets,
    FeedStatus feed,
    AlertMetrics metrics,
    Storage.DatabaseRetry retry,
    Storage.DatabaseState database,
    Pipeline.IIngestLeadership leadership,
    IHostApplicationLifetime lifetime,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertWorker> logger) : DrainOnStop
{
    private const int MaxWarmUpFixes = 20;
    private AlertEvaluator _evaluator = new() { FeedQuietAfter = options.Value.FeedQuietAfter };
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
        // Stopping while the database refuses (fleets and rules never loaded) leaves nothing to evaluate.
        var loaded = Task.WhenAll(fleets.WhenLoadedAsync(stoppingToken), rules.WhenLoadedAsync(stoppingToken));
        if (!await database.WaitUnlessRefusedAsync(loaded, lifetime.ApplicationStopping))
        {
            return;
        }
        for (var terms = 0; ; terms++)
        {
            // A node that does not lead has no input, and its decoder completes the input when the service stops.
            var waiting = leadership.WaitForTermAsync(stoppingToken);
            if (await Task.WhenAny(waiting, channels.Input.Reader.Completion) != waiting)
            {
                return;
            }

            var term = await waiting;
            if (terms > 0)
            {
                _evaluator = new AlertEvaluator { FeedQuietAfter = options.Value.FeedQuietAfter };
                _lastSweepFeedTime = DateTimeOffset.MinValue;
                sink.TermStarted();
            }

            await RestoreAsync(stoppingToken);
            sink.EvaluatorRunning();
            if (await EvaluateTermAsync(term, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>Evaluates until the input completes (true) or the term ends (false, once what was queued is evaluated).</summary>
    private async Task<bool> EvaluateTermAsync(CancellationToken term, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var reader = channels.Input.Reader;
        using var ticks = new PeriodicTimer(settings.SweepInterval, time);
        var tick = ticks.WaitForNextTickAsync(stoppingToken).AsTask();
        var termEnded = Task.Delay(Timeout.Infinite, term).ContinueWith(static _ => { }, TaskScheduler.Default);
        while (true)
        {
            var data = reader.WaitToReadAsync(stoppingToken).AsTask();
            var first = await Task.WhenAny(data, tick, termEnded);
            if (first == termEnded)
            {
                while (reader.TryRead(out var queued))
                {
                    await EvaluateOneAsync(queued, stoppingToken);
                }

                return false;
            }

            if (first == tick)
            {
                if (!await tick)
                {
                    return true;
                }

                await EmitAsync(_evaluator.Prune(fleets.Current, rules.Current, time.GetUtcNow()), stoppingToken);
                if (leadership.IsLeader)
                {
                    // Not once the term may have lapsed (a paused node waking up: real time passed without the feed,
                    // so carrying the feed's clock forward by it would find every vessel silent; and another node has
                    // the feed by now, and its clock).
                    await SweepAsync(TimeDriven(settings), stoppingToken);
                }

                metrics.TrackedVessels = _evaluator.TrackedVessels;
                metrics.OpenEpisodes = _evaluator.OpenEpisodes;
                tick = ticks.WaitForNextTickAsync(stoppingToken).AsTask();
                continue;
            }

            if (!await data)
            {
                return true; // the decoder completed (a replay ended, or the service is stopping)
            }

            while (reader.TryRead(out var input))
            {
                await EvaluateOneAsync(input, stoppingToken);
            }
        }
    }

    private async Task EvaluateOneAsync(AlertInput input, CancellationToken stoppingToken)
    {
        if (!input.IsTick)
        {
            await EmitAsync(_evaluator.Apply(input.Message, fleets.Current, rules.Current), stoppingToken);
        }

        _evaluator.AdvanceFeedTime(input.FeedTime);

        // Replays run faster than the clock: sweep every few seconds of the feed's own time as well.
        if (_evaluator.FeedTime - _lastSweepFeedTime >= TimeSpan.FromSeconds(5))
        {
            await SweepAsync(_evaluator.FeedTime, stoppingToken);
        }
    }

    /// <summary>
    /// Restores the evaluator from the database, retrying while it is away (the decoder does not wait meanwhile).
    /// Given up when the service stops before the database came back: evaluation then drains from nothing.
    /// </summary>
    private async Task RestoreAsync(CancellationToken stoppingToken)
    {
        try
        {
            await retry.For("Restoring alert evaluation", keepTrying: () => !lifetime.ApplicationStopping.IsCancellationRequested).ExecuteAsync(
                async token =>
                {
                    if (leadership.Term is { } term)
                    {
                        await store.BeginTermAsync(term, token); // from now on a former leader's transitions are refused
                    }

                    var fleetSnapshot = fleets.Current;
                    var snapshot = rules.Current;
                    var watched = WatchedBy(fleetSnapshot, snapshot, _ => true); // port calls in progress are read for these too
                    var anchored = WatchedBy(fleetSnapshot, snapshot, r => r.Kind == RuleKinds.AnchorDrag);
                    var cooldownRules = snapshot.All.Where(r => r.Rule.Cooldown > TimeSpan.Zero).Select(r => r.Id).ToArray();
                    var fixes = Math.Clamp(snapshot.All.Select(r => r.ConsecutiveFixes).DefaultIfEmpty(1).Max() + 1, 2, MaxWarmUpFixes);
                    var seed = await seeds.LoadAsync(watched, anchored, cooldownRules, fixes, sink.FirstQueuedReceivedAt, token);
                    var transitions = _evaluator.Restore(seed, fleetSnapshot, snapshot);
                    Log.Restored(logger, seed.OpenAlerts.Count, watched.Length, seed.RecentFixes.Count, transitions.Count);
                    await EmitAsync(transitions, token);
                },
                stoppingToken);
        }
        catch (Exception ex) when (Storage.DatabaseRetry.IsOutage(ex))
        {
            // Stopping, and the database is still away: nothing to restore from.
        }
    }

    private static uint[] WatchedBy(FleetSnapshot fleets, RuleSnapshot rules, Func<CompiledRule, bool> kind) =>
        [.. fleets.Fleets.Values.Where(f => rules.ByFleet.TryGetValue(f.Id, out var fleetRules) && fleetRules.Any(kind)).SelectMany(f => f.Vessels).Distinct()];

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
        if (reference is not { } at || !rules.Current.Sweeps)
        {
            return; // the whole feed is quiet: a feed problem, reported by /api/feed, not thousands of dark vessels
        }

        _lastSweepFeedTime = at;
        await EmitAsync(_evaluator.SweepSignalLost(at, fleets.Current, rules.Current), stoppingToken);
        await EmitAsync(_evaluator.SweepDistress(at, rules.Current), stoppingToken);
        await EmitAsync(_evaluator.SweepBehaviour(at, fleets.Current, rules.Current), stoppingToken);
    }

    private async Task EmitAsync(List<AlertTransition> transitions, CancellationToken stoppingToken)
    {
        var term = leadership.Term;
        foreach (var transition in transitions)
        {
            if (!transition.LogOnly && !transition.Update)
            {
                metrics.Transition(transition.Raised);
            }

            await channels.Outbox.Writer.WriteAsync(term is null ? transition : transition with { Term = term }, stoppingToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Alert evaluation restored: {Open} open alerts, {Watched} watched vessels, {Fixes} stored fixes replayed, {Transitions} transitions")]
        public static partial void Restored(ILogger logger, int open, int watched, int fixes, int transitions);

    }
}
