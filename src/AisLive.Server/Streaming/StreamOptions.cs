using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Streaming;

/// <summary>How every SSE stream is written. The keys are in the <c>Live</c> section, where they have always been.</summary>
public sealed class StreamOptions
{
    public const string SectionName = "Live";

    /// <summary>A <c>: hb</c> comment this often keeps proxies from closing an idle stream.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sent as <c>retry:</c> on connect: how long a browser waits before reconnecting.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ClientRetry { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A stream's writer is woken for new keyed events (positions) at most this often, and writes them all at once: fewer,
    /// larger writes for busy streams, at the cost of up to this much latency. Zero wakes the writer for every event.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan WriteWindow { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Once its headers are out, a stream on a plain HTTP/1.1 connection leaves ASP.NET Core's request pipeline and is
    /// written straight to its connection (<see cref="Handoff.IResponseHandoffFeature"/>): about half the memory per
    /// open stream. Off, every stream stays a request to its end, as before.
    /// </summary>
    public bool HandOffStreams { get; set; } = true;
}
