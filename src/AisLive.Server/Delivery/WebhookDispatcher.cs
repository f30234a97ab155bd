using Microsoft.Extensions.Options;

namespace AisLive.Server.Delivery;

/// <summary>
/// Sends the webhook outbox. Each attempt runs on its own with its own timeout, at most one per channel, so a dead,
/// slow or redirecting endpoint holds up nothing but its own next delivery: not other channels, not evaluation (which
/// only writes the outbox), not the streams. A failed attempt is retried with exponential backoff and jitter until
/// <see cref="WebhookOptions.MaxAttempts"/>; everything lives in PostgreSQL, so a restart resumes where it was.
/// </summary>
public sealed partial class WebhookDispatcher(
    DeliveryStore store,
    ChannelStore channels,
    WebhookSender sender,
    WebhookOutbox outbox,
    Storage.DatabaseState database,
    IOptions<WebhookOptions> options,
    Storage.DecisionClock clock,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Task> _inFlight = []; // by channel

    /// <summary>Raised after an attempt is stored (for the attempt counters, and for tests to await).</summary>
    public event Action<DueDelivery, AttemptOutcome>? AttemptRecorded;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            await database.WaitForMigrationAsync(stoppingToken); // the outbox tables come with the schema
            await ProtectLegacyChannelsAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await ClaimAndStartAsync(settings, stoppingToken);
                await outbox.Doorbell.WaitOrPollAsync(settings.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: attempts in flight are cancelled below; their claims lapse and a restart sends them again
        }

        Task[] running;
        lock (_gate)
        {
            running = [.. _inFlight.Values];
        }

        await Task.WhenAll(running);
    }

    private async Task ClaimAndStartAsync(WebhookOptions settings, CancellationToken stoppingToken)
    {
        long[] busy;
        lock (_gate)
        {
            busy = [.. _inFlight.Keys];
        }

        if (settings.MaxInFlight - busy.Length <= 0)
        {
            return;
        }

        List<DueDelivery> due;
        try
        {
            var now = await clock.NowAsync(stoppingToken);
            // The claim is a lease: a sender that dies mid-attempt leaves the delivery due again shortly after its timeout.
            due = await store.ClaimDueAsync(now, now + settings.Timeout + TimeSpan.FromSeconds(5), busy, settings.MaxInFlight - busy.Length, stoppingToken);
        }
        catch (Exception ex) when (Storage.DatabaseRetry.IsOutage(ex))
        {
            Log.ClaimFailed(logger, ex.Message); // the outbox waits in the database; the next poll tries again
            return;
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            // A channel's URL or secret cannot be decrypted: this node lacks the key ring the others wrote with. The
            // deliveries wait (their claims lapse) rather than the service stopping; say where the keys belong.
            Log.KeyRingMissing(logger, ex.Message);
            return;
        }

        foreach (var delivery in due)
        {
            lock (_gate)
            {
                _inFlight[delivery.ChannelId] = AttemptAsync(delivery, settings, stoppingToken);
            }
        }
    }

    private async Task AttemptAsync(DueDelivery delivery, WebhookOptions settings, CancellationToken stoppingToken)
    {
        await Task.Yield(); // run the attempt off the claiming loop
        try
        {
            var outcome = await sender.SendAsync(delivery, stoppingToken);
            var attempt = delivery.Attempts + 1;
            var now = await clock.NowAsync(stoppingToken);
            DateTimeOffset? retryAt = outcome.Delivered || outcome.Gone || attempt >= settings.MaxAttempts ? null : now + Backoff(attempt, settings);
            await store.RecordAsync(delivery, outcome, now, retryAt, stoppingToken);
            AttemptRecorded?.Invoke(delivery, outcome);
            if (!outcome.Delivered)
            {
                Log.AttemptFailed(logger, delivery.MessageId, delivery.ChannelId, attempt, outcome.Error, retryAt); // the URL is a credential: not logged
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down mid-attempt: not recorded; the claim lapses and the delivery is sent again after a restart
        }
        catch (Exception ex) when (Storage.DatabaseRetry.IsOutage(ex) || Storage.DatabaseRetry.IsRowFault(ex)) // a refused attempt row must not stop delivery either
        {
            Log.RecordFailed(logger, delivery.MessageId, ex.Message); // the claim lapses and the attempt is made again
        }
        finally
        {
            lock (_gate)
            {
                _inFlight.Remove(delivery.ChannelId);
            }

            outbox.Ring(); // the channel is free for its next delivery
        }
    }

    /// <summary>Channels stored in clear by an earlier version are encrypted once; a database outage leaves it to the next start.</summary>
    private async Task ProtectLegacyChannelsAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await channels.ProtectLegacyAsync(stoppingToken) is var count and > 0)
            {
                Log.ProtectedLegacy(logger, count);
            }
        }
        catch (Exception ex) when (Storage.DatabaseRetry.IsOutage(ex))
        {
            Log.ClaimFailed(logger, ex.Message);
        }
    }

    /// <summary>
    /// Exponential backoff with jitter: RetryInitial × 2^(attempt-1), capped at RetryMax, then ±20 % at random so that
    /// many deliveries failing together (an endpoint that was down) do not all come back at the same instant.
    /// </summary>
    public static TimeSpan Backoff(int attempt, WebhookOptions settings)
    {
        var exponential = settings.RetryInitial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, settings.RetryMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Webhook {MessageId} to channel {ChannelId}: attempt {Attempt} failed ({Error}); next attempt at {RetryAt}")]
        public static partial void AttemptFailed(ILogger logger, string messageId, long channelId, int attempt, string? error, DateTimeOffset? retryAt);

        [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Could not read the webhook outbox: {Reason}")]
        public static partial void ClaimFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 5205, Level = LogLevel.Error, Message = "Cannot decrypt a webhook channel ({Reason}): every node needs the same Data Protection key ring (Security:DataProtectionKeysPath); deliveries wait")]
        public static partial void KeyRingMissing(ILogger logger, string reason);

        [LoggerMessage(EventId = 5204, Level = LogLevel.Information, Message = "Encrypted the URL and secret of {Count} channels stored in clear by an earlier version")]
        public static partial void ProtectedLegacy(ILogger logger, int count);

        [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "Could not record webhook attempt {MessageId}: {Reason}; it will be made again")]
        public static partial void RecordFailed(ILogger logger, string messageId, string reason);
    }
}
