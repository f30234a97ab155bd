using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace AisLive.Server.Delivery;

/// <summary>
/// One attempt: the body (Standard Webhooks' <c>{type, timestamp, data}</c>, or one line of chat), signed with the
/// StandardWebhooks library, POSTed with the attempt's timeout on the service clock. Redirects are not followed and
/// no response body is read: an attempt records the status code and one of <see cref="FailureReasons"/>, nothing the
/// target wrote (a target can be an internal service, and its answer is not for the channel's owner to read).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string ClientName = "webhooks";

    public async Task<AttemptOutcome> SendAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = delivery.Format == "chat" ? ChatText.Body(delivery, settings.PublicUrl) : StandardBody(delivery);
        var timestamp = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", delivery.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(delivery.Secret).Sign(delivery.MessageId, timestamp, body));

        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new AttemptOutcome(true, false, code, null, Stopwatch.GetElapsedTime(started))
                : new AttemptOutcome(false, code == 410, code, code is >= 300 and < 400 ? FailureReasons.Redirect : FailureReasons.Status, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(false, false, null, FailureReasons.Timeout, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever the target did (refused, cut the connection, sent a broken response), the attempt failed: it is
            // recorded and retried like any other. Only a fixed reason is kept, never what the target wrote.
            return new AttemptOutcome(false, false, null, FailureReasons.Of(ex), Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Standard Webhooks' envelope; <c>data</c> is the event's JSON exactly as the alerts stream sends it.</summary>
    public static string StandardBody(DueDelivery delivery)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", delivery.EventType);
            writer.WriteString("timestamp", delivery.EventAt);
            writer.WritePropertyName("data");
            writer.WriteRawValue(delivery.Payload);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
