using System.Net.Sockets;
using System.Security.Authentication;

namespace AisLive.Server.Delivery;

/// <summary>Why a webhook attempt failed, from a fixed set: what is recorded and shown instead of anything the target wrote.</summary>
public static class FailureReasons
{
    public const string Timeout = "timeout";
    public const string Refused = "refused";
    public const string Tls = "tls";
    public const string Redirect = "redirect";
    public const string Status = "status";
    public const string Protocol = "protocol";

    /// <summary>The reason for an exception of an attempt: refused (no connection, or a target address not allowed), TLS, or protocol (anything else).</summary>
    public static string Of(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case TargetRefusedException or SocketException:
                    return Refused;
                case AuthenticationException:
                    return Tls;
            }
        }

        return ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } ? Refused : Protocol;
    }
}
