using AisLive.Server.Alerts;
using AisLive.Server.Streaming;
using Npgsql;

namespace AisLive.Server.Delivery;

/// <summary>The push outbox: the recipients' subscriptions for each alert event a phone is told of, in the event's transaction.</summary>
public sealed class PushOutbox(TimeProvider time) : IAlertEventOutbox
{
    /// <summary>Rings when pushes were committed, so the sender sends them without waiting for its next poll.</summary>
    public Doorbell Doorbell { get; } = new();

    public Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AlertEvent evt, AlertView alert, CancellationToken cancellationToken) =>
        PushStore.Events.Contains(evt.Type)
            ? PushStore.AddAsync(connection, transaction, alert.Id, evt.Seq, evt.Type, alert.Severity, evt.Recipients, time.GetUtcNow(), cancellationToken)
            : Task.CompletedTask;

    public void Committed() => Doorbell.Ring();
}
