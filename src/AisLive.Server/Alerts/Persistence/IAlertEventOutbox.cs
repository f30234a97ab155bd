using Npgsql;

namespace AisLive.Server.Alerts;

/// <summary>
/// Another feature's share of an alert event, written by <see cref="AlertStore"/> inside the transaction that appends
/// the event, so it commits or rolls back with it (the webhook outbox: an event is never stored without its
/// deliveries, nor a delivery without its event). Alerts knows nothing of what the implementation does.
/// </summary>
public interface IAlertEventOutbox
{
    Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AlertEvent evt, AlertView alert, CancellationToken cancellationToken);

    /// <summary>Called after the transaction committed: what was added may now be acted on.</summary>
    void Committed();
}
