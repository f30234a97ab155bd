using System.Net;
using System.Text.Json;
using AisLive.Server.Fleets;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Delivery;

/// <summary>
/// Sends the push outbox through <c>Lib.Net.Http.WebPush</c> (RFC 8291 encryption, RFC 8292 VAPID). Each push has
/// <c>Topic</c> = the alert id, so a newer state replaces an older one on the lock screen; <c>Urgency</c> from the
/// severity (critical = high); <c>TTL</c> = until the alert escalates, or an hour. A 404 or 410 means the browser
/// unsubscribed: the subscription is deleted. Other failures are retried with backoff up to <see cref="PushOptions.MaxAttempts"/>.
/// Membership is checked again when sending: someone who left the fleet is not told.
/// </summary>
public sealed partial class PushDispatcher(
    PushStore store,
    PushKeys keys,
    PushOutbox outbox,
    FleetDirectory fleets,
    IHttpClientFactory clients,
    Storage.DatabaseState database,
    IOptions<PushOptions> options,
    Storage.DecisionClock clock,
    TimeProvider time,
    ILogger<PushDispatcher> logger) : BackgroundService
{
    public const string ClientName = "push";
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(1);

    /// <summary>Raised after an attempt is stored (for tests to await).</summary>
    public event Action<DuePush, string>? AttemptRecorded;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.WaitForMigrationAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await SendDueAsync(stoppingToken);
                await outbox.Doorbell.WaitOrPollAsync(options.Value.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: claimed pushes lapse and a restart sends them
        }
    }

    private async Task SendDueAsync(CancellationToken stoppingToken)
    {
        List<DuePush> due;
        (string Public, string Private) vapid;
        try
        {
            var now = await clock.NowAsync(stoppingToken);
            due = await store.ClaimDueAsync(now, now + AttemptTimeout * 16 + TimeSpan.FromSeconds(5), 16, stoppingToken);
            vapid = due.Count > 0 ? await keys.GetAsync(stoppingToken) : default;
        }
        catch (Exception ex) when (Storage.DatabaseRetry.IsOutage(ex))
        {
            Log.ClaimFailed(logger, ex.Message);
            return;
        }

        using var authentication = due.Count > 0 ? new VapidAuthentication(vapid.Public, vapid.Private) { Subject = options.Value.Subject } : null;
        foreach (var push in due)
        {
            var member = fleets.Current.Fleets.TryGetValue(push.FleetId, out var fleet) && fleet.MemberOf(push.UserId) is not null;
            var (status, code, error) = member ? await SendAsync(push, authentication!, stoppingToken) : ("failed", (int?)null, "not a member of the fleet any more");
            var at = time.GetUtcNow();
            var retry = status == "failed" && member && push.Attempts + 1 < options.Value.MaxAttempts
                ? at + TimeSpan.FromSeconds(5 * Math.Pow(2, push.Attempts))
                : (DateTimeOffset?)null;
            try
            {
                await store.RecordAsync(push, status, code, error, at, retry, stoppingToken);
            }
            catch (Exception ex) when (Storage.DatabaseRetry.IsOutage(ex))
            {
                Log.ClaimFailed(logger, ex.Message); // the claim lapses and the push is sent again: at least once
                return;
            }

            if (status != "delivered")
            {
                Log.AttemptFailed(logger, push.Id, push.AlertId, status, error, retry);
            }

            AttemptRecorded?.Invoke(push, status);
        }
    }

    private async Task<(string Status, int? Code, string? Error)> SendAsync(DuePush push, VapidAuthentication authentication, CancellationToken stoppingToken)
    {
        var subscription = new PushSubscription { Endpoint = push.Endpoint, Keys = new Dictionary<string, string> { ["p256dh"] = push.P256dh, ["auth"] = push.Auth } };
        var now = time.GetUtcNow();
        var ttl = push.EscalateAt is { } escalate && escalate > now && push.EventType == "alert" ? escalate - now : DefaultTtl;
        var message = new PushMessage(Payload(push))
        {
            Topic = push.AlertId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Urgency = push.Severity switch { "critical" => PushMessageUrgency.High, "warning" => PushMessageUrgency.Normal, _ => PushMessageUrgency.Low },
            TimeToLive = (int)Math.Max(60, ttl.TotalSeconds),
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(AttemptTimeout);
        var client = new PushServiceClient(clients.CreateClient(ClientName)) { AutoRetryAfter = false };
        try
        {
            await client.RequestPushMessageDeliveryAsync(subscription, message, authentication, VapidAuthenticationScheme.Vapid, timeout.Token);
            return ("delivered", 201, null);
        }
        catch (PushServiceClientException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return ("gone", (int)ex.StatusCode, "subscription gone");
        }
        catch (PushServiceClientException ex)
        {
            return ("failed", (int)ex.StatusCode, "status");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return ("failed", null, "timeout");
        }
        catch (HttpRequestException ex)
        {
            return ("failed", null, ex.InnerException is TargetRefusedException ? "refused target" : "refused");
        }
    }

    /// <summary>What the service worker shows: a title and a line, the alert's id for its actions, and where Open goes.</summary>
    private static string Payload(DuePush push)
    {
        var vessel = string.IsNullOrWhiteSpace(push.VesselName) ? $"MMSI {push.Mmsi}" : push.VesselName;
        var data = JsonDocument.Parse(push.Payload).RootElement;
        string Text(string name) => data.TryGetProperty(name, out var value) ? value.ToString() : "";
        var (title, body) = push.EventType switch
        {
            "alert-acknowledged" => ($"Acknowledged: {vessel}", $"{Text("acknowledgedBy")}: {push.Message}"),
            "alert-resolved" => ($"Over: {vessel}", push.Message),
            "alert-returned" => ($"Over, not acknowledged: {vessel}", push.Message),
            "alert-escalated" => ($"Escalated {push.Severity}: {vessel}", push.Message),
            _ => ($"{char.ToUpperInvariant(push.Severity[0])}{push.Severity[1..]}: {vessel}", push.Message),
        };
        return JsonSerializer.Serialize(new
        {
            alertId = push.AlertId,
            @event = push.EventType,
            severity = push.Severity,
            state = push.State,
            title,
            body = $"{body} (rule {push.RuleName})",
            url = $"/#alert={push.AlertId}",
            needsAcknowledgement = push.State is "unacknowledged" or "returned-unacknowledged",
        });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "Push {DeliveryId} for alert {AlertId}: {Status} ({Error}); next attempt at {RetryAt}")]
        public static partial void AttemptFailed(ILogger logger, long deliveryId, long alertId, string status, string? error, DateTimeOffset? retryAt);

        [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Could not read or write the push outbox: {Reason}")]
        public static partial void ClaimFailed(ILogger logger, string reason);
    }
}
