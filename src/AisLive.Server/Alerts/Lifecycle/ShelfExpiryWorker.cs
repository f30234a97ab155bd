using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>
/// Ends shelves whose time is up, on the service's clock (<see cref="TimeProvider"/>): their alerts come back with
/// <c>alert-unshelved</c>. The expiry lives in the database, so a shelf that expired while the service was down ends at
/// the first check after it starts.
/// </summary>
public sealed partial class ShelfExpiryWorker(AlertHub hub, Storage.DatabaseState database, IOptions<AlertOptions> options, TimeProvider time, ILogger<ShelfExpiryWorker> logger)
    : Storage.PeriodicDatabaseWorker(database, time, options.Value.ShelfCheckInterval)
{
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (await hub.UnshelveDueAsync(cancellationToken) is var count and > 0)
        {
            Log.Unshelved(logger, count);
        }
    }

    protected override void Failed(string reason) => Log.CheckFailed(logger, reason); // the expiries are stored: the next check catches up

    private static partial class Log
    {
        [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "{Count} shelf/shelves expired; their alerts are back")]
        public static partial void Unshelved(ILogger logger, int count);

        [LoggerMessage(EventId = 5112, Level = LogLevel.Warning, Message = "Shelf expiry check failed, retrying at the next check: {Reason}")]
        public static partial void CheckFailed(ILogger logger, string reason);
    }
}
