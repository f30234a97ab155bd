using System.IO.Pipelines;

namespace AisLive.Server.Streaming.Handoff;

/// <summary>
/// Lets a long response leave ASP.NET Core's request pipeline once its headers are out. ASP.NET Core keeps about
/// 10 KB per request that is in progress (the HTTP/1.1 parser and its header collections, the request's context and
/// services, its authentication result, logging scope and <c>Activity</c>, the middleware's suspended methods); a
/// stream that is open for hours needs none of it after its first bytes. Present on plain-text HTTP/1.1 connections
/// (<see cref="HandoffConnection"/>).
/// </summary>
public interface IResponseHandoffFeature
{
    /// <summary>
    /// Ends the request for ASP.NET Core, keeping its connection: when the request has ended, <paramref name="body"/>
    /// goes on writing the response's body, chunk by chunk, straight to the connection, until it returns; then the
    /// response is ended and the connection closed. The response's headers must have been flushed, chunked. Returns
    /// false, and changes nothing, where that cannot be done (HTTPS here, HTTP/2, a response not chunked): the caller
    /// writes its body through the response as usual.
    /// </summary>
    /// <param name="body">Given the body's writer and a token that is cancelled when the client goes.</param>
    bool TryHandOff(HttpContext context, Func<PipeWriter, CancellationToken, Task> body);
}
