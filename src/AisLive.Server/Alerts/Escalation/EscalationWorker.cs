using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>
/// Checks on the service's clock (<see cref="TimeProvider"/>) for alerts nobody acknowledged in time. The deadline
/// lives in the database, so an escalation due while the service was down happens at the first check after it
/// starts, and a database outage only delays it.
/// </summary>
public sealed partial class EscalationWorker(AlertHub hub, Storage.DatabaseState database, IOptions<AlertOptions> options, TimeProvider time, ILogger<EscalationWorker> logger)
    : Storage.PeriodicDatabaseWorker(database, time, options.Value.EscalationCheckInterval)
{
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (await hub.EscalateDueAsync(cancellationToken) is var count and > 0)
        {
            Log.Escalated(logger, count);
        }
    }

    protected override void Failed(string reason) => Log.CheckFailed(logger, reason); // the deadlines are stored: the next check catches up

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "{Count} unacknowledged alert(s) escalated")]
        public static partial void Escalated(ILogger logger, int count);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Escalation check failed, retrying at the next check: {Reason}")]
        public static partial void CheckFailed(ILogger logger, string reason);
    }
}
