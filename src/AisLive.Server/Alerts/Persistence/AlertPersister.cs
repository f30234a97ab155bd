using AisLive.Server.Fleets;
using AisLive.Server.Workers;

namespace AisLive.Server.Alerts;

/// <summary>
/// Stores the evaluator's transitions in order (and the port calls they carry), routing each new alert to the rule's recipients or else the
/// fleet's members. A failed write is retried until the database takes it; nothing is dropped. On shutdown it
/// stores what the evaluator left in the outbox (the evaluator completes the outbox when it stops).
/// </summary>
public sealed partial class AlertPersister(AlertChannels channels, AlertHub hub, FleetDirectory fleets, Places.PortCallStore portCalls, Storage.DatabaseRetry retry, ILogger<AlertPersister> logger) : DrainOnStop
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retrying = retry.For("Storing an alert change");
        await foreach (var transition in channels.Outbox.Reader.ReadAllAsync(stoppingToken))
        {
            await retrying.ExecuteAsync(async token => await StoreAsync(transition, token), stoppingToken);
        }
    }

    private async Task StoreAsync(AlertTransition transition, CancellationToken cancellationToken)
    {
        if (transition.Visit is { } visit)
        {
            await portCalls.RecordAsync(visit, cancellationToken); // the port-call log keeps every call, alerted or not
        }

        if (transition.LogOnly)
        {
            return;
        }

        if (transition.Update)
        {
            await hub.UpdateAsync(transition, cancellationToken);
        }
        else if (!transition.Raised)
        {
            await hub.ResolveAsync(transition, cancellationToken);
        }
        else if (await hub.RaiseAsync(transition, Recipients(transition), cancellationToken) is { } alert)
        {
            Log.Raised(logger, alert.Id, alert.Kind, alert.Mmsi, alert.Message);
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

    }
}
