using System.Security.Claims;

namespace AisLive.Server.Streaming;

/// <summary>
/// Told of every stream while it is open, so another feature can show who is watching (presence) without the streams knowing
/// about it. There may be none.
/// </summary>
public interface IStreamWatchers
{
    /// <summary>Records that <paramref name="user"/> has a stream of <paramref name="scope"/> open, until the result is disposed.</summary>
    IDisposable Watch(ClaimsPrincipal user, StreamScope scope);
}
