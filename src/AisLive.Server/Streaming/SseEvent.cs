using System.Text;

namespace AisLive.Server.Streaming;

/// <summary>
/// One server-sent event, formatted once into its wire bytes and shared by every subscriber that gets it.
/// <see cref="Key"/> identifies what a newer event supersedes (a vessel); control events have none.
/// </summary>
public sealed class SseEvent
{
    private SseEvent(ReadOnlyMemory<byte> bytes, uint? key, long sequence, long publishedTimestamp = 0, bool durable = false, bool isHeartbeat = false)
    {
        IsHeartbeat = isHeartbeat;
        Bytes = bytes;
        Key = key;
        Sequence = sequence;
        PublishedTimestamp = publishedTimestamp;
        Durable = durable;
    }

    /// <summary>An event of the durable alert log: <see cref="Sequence"/> is its <c>alert_events.seq</c> and its id.</summary>
    public bool Durable { get; }

    /// <summary>An alert-log event, id = its sequence. A snapshot event (<paramref name="durable"/> false) carries the watermark id but is never skipped.</summary>
    public static SseEvent Alert(string type, string json, long id, bool durable = true)
    {
        var data = Data(type, System.Text.Encoding.UTF8.GetBytes(json), id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new SseEvent(data.Bytes, null, id, System.Diagnostics.Stopwatch.GetTimestamp(), durable);
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    public uint? Key { get; }

    public long Sequence { get; }

    /// <summary>When the event was published (a <see cref="System.Diagnostics.Stopwatch"/> timestamp; 0 for control events).</summary>
    public long PublishedTimestamp { get; }

    public bool IsHeartbeat { get; }

    /// <summary>
    /// Sent when a stream has been idle for <paramref name="interval"/> (<c>Live:HeartbeatInterval</c>). The comment keeps
    /// proxies from closing an idle connection; the <c>heartbeat</c> event is what a page can see (EventSource hides
    /// comments) and says how often to expect it, so two missed ones tell the page the connection is dead even when TCP
    /// has not noticed. Built once per writer and shared by every stream.
    /// </summary>
    public static SseEvent Heartbeat(TimeSpan interval) =>
        new(Encoding.UTF8.GetBytes($": hb\nevent: heartbeat\ndata: {{\"intervalMs\":{(long)interval.TotalMilliseconds}}}\n\n"), null, 0, isHeartbeat: true);

    public static SseEvent Data(string type, ReadOnlySpan<byte> json, string? id = null, uint? key = null, long sequence = 0)
    {
        var builder = new StringBuilder(json.Length + 64);
        if (id is not null)
        {
            builder.Append("id: ").Append(id).Append('\n');
        }

        builder.Append("event: ").Append(type).Append('\n');
        var bytes = new byte[Encoding.UTF8.GetByteCount(builder.ToString()) + "data: "u8.Length + json.Length + 2];
        var written = Encoding.UTF8.GetBytes(builder.ToString(), bytes);
        "data: "u8.CopyTo(bytes.AsSpan(written));
        written += 6;
        // JSON from System.Text.Json never contains a raw newline, so one data: line suffices.
        json.CopyTo(bytes.AsSpan(written));
        written += json.Length;
        bytes[written++] = (byte)'\n';
        bytes[written] = (byte)'\n';
        return new SseEvent(bytes, key, sequence, key is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp());
    }

    public static SseEvent Retry(TimeSpan retry) =>
        new(Encoding.UTF8.GetBytes($"retry: {(long)retry.TotalMilliseconds}\n\n"), null, 0);
}
