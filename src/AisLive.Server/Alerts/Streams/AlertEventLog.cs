using System.Text.Json;
using AisLive.Server.Streaming;

namespace AisLive.Server.Alerts;

/// <summary>
/// <c>alert_events</c> as one recipient's alerts stream reads it (admins read all of it; others only while they are
/// members of the alert's fleet, <see cref="AlertAudience"/>): ids are the log's
/// sequence. A fresh connect starts with the recipient's open alerts, carrying the log's end as their id; a
/// reconnect with <c>Last-Event-ID</c> replays everything after it, a page at a time.
/// </summary>
public sealed class AlertEventLog(
    AlertStore store, AlertRetentionStore retention, string? recipient, Func<long, IReadOnlyList<string>, bool> sees, string? lastEventId, int pageSize) : IDurableEventLog
{
    public async Task<DurableStart> StartAsync(CancellationToken cancellationToken)
    {
        if (long.TryParse(lastEventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var after))
        {
            // Resuming from an event that retention may have pruned: what was missed cannot be replayed, so the stream
            // says so (event: reset) and starts again from the open alerts, as a fresh connect does.
            var prunedThrough = await Guard(() => retention.PrunedThroughAsync(cancellationToken));
            if (after >= prunedThrough)
            {
                return new DurableStart([], after, Replay: true);
            }

            var fresh = await SnapshotAsync(cancellationToken);
            var reset = SseEvent.Alert("reset", JsonSerializer.Serialize(new { reason = "pruned", prunedThrough }, JsonSerializerOptions.Web), fresh.Position, durable: false);
            return fresh with { Snapshot = [reset, .. fresh.Snapshot] };
        }

        return await SnapshotAsync(cancellationToken);
    }

    private Task<DurableStart> SnapshotAsync(CancellationToken cancellationToken) => Guard(async () =>
    {
        var (position, open) = await store.OpenSnapshotAsync(recipient, 10_000, cancellationToken);
        var snapshot = open.Where(a => sees(a.FleetId, a.Recipients))
            .Select(a => SseEvent.Alert("alert", JsonSerializer.Serialize(a, JsonSerializerOptions.Web), position, durable: false)).ToList();
        return new DurableStart(snapshot, position, Replay: false);
    });

    public Task<DurablePage> PageAfterAsync(long position, CancellationToken cancellationToken) => Guard(async () =>
    {
        var events = await store.EventsAfterAsync(position, recipient, pageSize, cancellationToken);
        return new DurablePage([.. events.Where(e => sees(e.FleetId, e.Recipients)).Select(e => SseEvent.Alert(e.Type, e.Payload, e.Seq))], events.Count < pageSize);
    });

    private static async Task<T> Guard<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (Storage.DatabaseRetry.IsOutage(ex))
        {
            throw new DurableLogUnavailableException("the alert store is not reachable", ex);
        }
    }
}
