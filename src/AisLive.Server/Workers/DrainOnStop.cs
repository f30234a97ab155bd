namespace AisLive.Server.Workers;

/// <summary>
/// A pipeline stage that finishes its queue on shutdown. The host stops the stages upstream first (<see cref="StopStage"/>),
/// so by the time a stage is asked to stop, the stage feeding it has stopped and completed its channel: letting the
/// loop run to the end of that channel drains it. The host's shutdown timeout (the token given to StopAsync) still
/// bounds the wait.
/// </summary>
public abstract class DrainOnStop : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await base.StopAsync(cancellationToken);
    }
}
