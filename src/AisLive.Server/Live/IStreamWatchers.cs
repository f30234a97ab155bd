using System.Security.Claims;

namespace AisLive.Server.Live;

/// <summary>
/// Told of every stream while it is open, so another feature can show who is watching (presence) without Live knowing
/// about it. The default does nothing.
/// </summary>
public interface IStreamWatchers
{
    /// <summary>Records that <paramref name="user"/> has a stream of <paramref name="scope"/> open, until the result is disposed.</summary>
    IDisposable Watch(ClaimsPrincipal user, StreamScope scope);

    public sealed class None : IStreamWatchers
    {
        public IDisposable Watch(ClaimsPrincipal user, StreamScope scope) => NoLease.Instance;

        private sealed class NoLease : IDisposable
        {
            public static readonly NoLease Instance = new();

            public void Dispose()
            {
            }
        }
    }
}
