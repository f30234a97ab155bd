using AisLive.Server.Storage;

namespace AisLive.Server.Alerts;

/// <summary>
/// Delivers the alert log to this process's alerts streams, in log order: when rung (<see cref="AlertHub.Ring"/>, after
/// every write here and, in a cluster, after another node's) it reads the events after the last one it delivered
/// and hands each to <see cref="AlertHub.Deliver"/>. It also reads once a second without being rung, so an event whose
/// doorbell was lost (another node's message during a NATS blip) is late by at most that, never missed. Its start
/// position is the log's end when the service starts; streams wait for it (<see cref="WhenStartedAsync"/>), so a
/// stream never starts from a position the feed has not reached.
/// </summary>
public sealed partial class AlertEventFeed(AlertHub hub, AlertStore store, DatabaseState database, DatabaseRetry retry, TimeProvider time, ILogger<AlertEventFeed> logger) : BackgroundService
{
    private const int PageSize = 500;
    private static readonly TimeSpan ReadAtLeastEvery = TimeSpan.FromSeconds(1);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WhenStartedAsync(CancellationToken cancellationToken) => _started.Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitForMigrationAsync(stoppingToken);
        var position = await retry.For("Reading the alert log's end").ExecuteAsync(async token => await store.LastEventSeqAsync(token), stoppingToken);
        _started.TrySetResult();
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var second = new CancellationTokenSource(ReadAtLeastEvery, time))
            using (var due = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, second.Token))
            {
                try
                {
                    await hub.Doorbell.WaitAsync(due.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // a second without a ring: read anyway
                }
            }

            try
            {
                List<AlertEvent> page;
                do
                {
                    page = await store.EventsAfterAsync(position, null, PageSize, stoppingToken);
                    foreach (var evt in page)
                    {
                        hub.Deliver(evt);
                        position = evt.Seq;
                    }
                }
                while (page.Count == PageSize);
            }
            catch (Exception ex) when (DatabaseRetry.IsOutage(ex))
            {
                Log.Unreadable(logger, ex.Message); // the streams say so themselves; read again on the next ring or second
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5401, Level = LogLevel.Debug, Message = "The alert log could not be read: {Error}")]
        public static partial void Unreadable(ILogger logger, string error);
    }
}
