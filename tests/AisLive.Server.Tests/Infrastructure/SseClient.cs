using System.Net.Http.Headers;
using System.Text;

namespace AisLive.Server.Tests.Infrastructure;

/// <summary>
/// A real SSE client over HttpClient that reads the raw lines, so tests can assert ids, comments
/// (heartbeats) and <c>retry:</c> as sent. Every read has a timeout, so a missing event fails fast.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseClient> ConnectAsync(HttpClient http, string path, string? lastEventId = null, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path); // a GET: disposing it leaves the response alone
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        return new SseClient(response, await response.Content.ReadAsStreamAsync(cts.Token));
    }

    /// <summary>The next raw line, or null when the server ended the stream.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _reader.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"No SSE line within {timeout ?? DefaultTimeout}.");
        }
    }

    /// <summary>The next complete event (lines up to a blank line), or null at the end of the stream.</summary>
    public async Task<SseMessage?> ReadEventAsync(TimeSpan? timeout = null)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(timeout);
            if (line is null)
            {
                return lines.Count > 0 ? SseMessage.Parse(lines) : null;
            }

            if (line.Length == 0)
            {
                if (lines.Count > 0)
                {
                    return SseMessage.Parse(lines);
                }

                continue;
            }

            lines.Add(line);
        }
    }

    /// <summary>Reads events until one of <paramref name="eventType"/> arrives, skipping heartbeats and others.</summary>
    public async Task<SseMessage> ReadEventAsync(string eventType, TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await ReadEventAsync(timeout) ?? throw new InvalidOperationException($"Stream ended before an '{eventType}' event.");
            if (message.Event == eventType)
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}

/// <summary>One parsed event with its raw lines.</summary>
public sealed record SseMessage(string? Id, string? Event, string? Data, string? Retry, IReadOnlyList<string> Comments, IReadOnlyList<string> Lines)
{
    public static SseMessage Parse(IReadOnlyList<string> lines)
    {
        string? id = null, evt = null, retry = null;
        var data = new List<string>();
        var comments = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].Trim());
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": evt = value; break;
                case "data": data.Add(value); break;
                case "retry": retry = value; break;
            }
        }

        return new SseMessage(id, evt, data.Count > 0 ? string.Join('\n', data) : null, retry, comments, lines);
    }
}
