using AisLive.Server.Fleets;

namespace AisLive.Server.Alerts;

/// <summary>
/// Stores the evaluator's transitions in order, routing each new alert to the rule's recipients or else the
/// fleet's members. A failed write is retried until the database takes it; nothing is dropped. On shutdown it
/// stores what the evaluator left in the outbox (the evaluator completes the outbox when it stops).
/// </summary>
public sealed partial class AlertPersister(AlertChannels channels, AlertHub hub, FleetDirectory fleets, TimeProvider time, ILogger<AlertPersister> logger) : Hosting.DrainOnStop
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var transition in channels.Outbox.Reader.ReadAllAsync(stoppingToken))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (transition.Raised)
                    {
                        if (await hub.RaiseAsync(transition, Recipients(transition), stoppingToken) is { } alert)
                        {
                            Log.Raised(logger, alert.Id, alert.Kind, alert.Mmsi, alert.Message);
                        }
                    }
                    else
                    {
                        await hub.ResolveAsync(transition, stoppingToken);
                    }

                    break;
                }
                catch (Npgsql.NpgsqlException ex)
                {
                    if (attempt % 30 == 1)
                    {
                        Log.Failed(logger, attempt, ex.Message);
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }
            }
        }
    }

    private List<string> Recipients(AlertTransition transition) =>
        transition.Rule.Rule.Recipients is { Count: > 0 } explicitRecipients
            ? [.. explicitRecipients]
            : fleets.Current.Fleets.TryGetValue(transition.Rule.Rule.FleetId, out var fleet) ? fleet.Members.Select(m => m.UserId).ToList() : [];

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Alert {Id} raised ({Kind}, MMSI {Mmsi}): {Message}")]
        public static partial void Raised(ILogger logger, long id, string kind, uint mmsi, string message);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Storing an alert failed (attempt {Attempt}), retrying: {Error}")]
        public static partial void Failed(ILogger logger, int attempt, string error);
    }
}
