using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>
/// Checks on the service's clock (<see cref="TimeProvider"/>) for alerts nobody acknowledged in time. The deadline
/// lives in the database, so an escalation due while the service was down happens at the first check after it
/// starts, and a database outage only delays it.
/// </summary>
public sealed partial class EscalationWorker(AlertHub hub, Storage.DatabaseState database, IOptions<AlertOptions> options, TimeProvider time, ILogger<EscalationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.WaitForMigrationAsync(stoppingToken); // deadlines live in the schema's alerts table
            using var timer = new PeriodicTimer(options.Value.EscalationCheckInterval, time);
            do
            {
                try
                {
                    if (await hub.EscalateDueAsync(stoppingToken) is var count and > 0)
                    {
                        Log.Escalated(logger, count);
                    }
                }
                catch (Exception ex) when (Storage.DatabaseRetry.IsOutage(ex))
                {
                    Log.CheckFailed(logger, ex.Message); // the deadlines are stored: the next check catches up
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: the deadlines are stored, the next start checks them
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "{Count} unacknowledged alert(s) escalated")]
        public static partial void Escalated(ILogger logger, int count);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Escalation check failed, retrying at the next check: {Reason}")]
        public static partial void CheckFailed(ILogger logger, string reason);
    }
}
