using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace AisLive.Server.Delivery;

/// <summary>
/// One attempt: the body (Standard Webhooks' <c>{type, timestamp, data}</c>, or one line of chat), signed with the
/// StandardWebhooks library, POSTed with the attempt's timeout on the service clock. Redirects are not followed and
/// at most <see cref="ExcerptBytes"/> of a response body are read, for the error message.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string ClientName = "webhooks";
    private const int ExcerptBytes = 200;

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
            if (response.IsSuccessStatusCode)
            {
                return new AttemptOutcome(true, false, code, null, Stopwatch.GetElapsedTime(started));
            }

            var error = code is >= 300 and < 400
                ? $"HTTP {code}: redirect to {response.Headers.Location} not followed"
                : $"HTTP {code}: {await ExcerptAsync(response, linked.Token)}";
            return new AttemptOutcome(false, code == 410, code, error, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(false, false, null, $"no response within {settings.Timeout.TotalSeconds:0.###} s", Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException ex)
        {
            return new AttemptOutcome(false, false, null, ex.Message, Stopwatch.GetElapsedTime(started));
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

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[ExcerptBytes];
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, read).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? response.ReasonPhrase ?? "no body" : text;
    }
}
