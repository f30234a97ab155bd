namespace AisLive.Server.Ingest;

/// <summary>
/// The session loop both live sources share: run a session; when it ends, count the reason, back off (with
/// jitter, reset after a healthy session, at least the cooldown the upstream imposed) and go again. Sessions
/// run one after another, so there is never more than one upstream connection.
/// </summary>
public static class ReconnectLoop
{
    public static async Task RunAsync(
        ReconnectOptions settings,
        (TimeSpan RateLimited, TimeSpan Rejected) cooldowns,
        FeedStatus status,
        TimeProvider time,
        Func<CancellationToken, Task<SessionOutcome>> runSession,
        Action<SessionOutcome, TimeSpan> onReconnecting,
        CancellationToken cancellationToken)
    {
        var policy = new ReconnectPolicy(settings);
        while (!cancellationToken.IsCancellationRequested)
        {
            status.SetState(FeedState.Connecting);
            var outcome = await runSession(cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (outcome.Healthy)
            {
                policy.SessionWasHealthy();
            }

            var floor = outcome.Kind switch
            {
                UpstreamErrorKind.RateLimited => cooldowns.RateLimited,
                UpstreamErrorKind.Rejected => cooldowns.Rejected,
                _ => TimeSpan.Zero,
            };
            var delay = policy.NextDelay(floor);
            status.Reconnecting(outcome.Reason);
            if (outcome.Error is not null)
            {
                status.Error(outcome.Error);
            }

            status.SetState(outcome.Kind == UpstreamErrorKind.Rejected ? FeedState.Failed : FeedState.Backoff, outcome.Error, delay);
            onReconnecting(outcome, delay);
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
