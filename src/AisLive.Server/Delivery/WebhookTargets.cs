using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Delivery;

/// <summary>
/// Where a webhook may go. Any operator can aim a channel, so the service must not become their way into its own
/// network: loopback, private (RFC 1918, RFC 4193), link-local (the cloud metadata service at 169.254.169.254 among
/// them), carrier-grade NAT, multicast, unspecified and reserved addresses are refused, unless an operator of the
/// service names a network in <see cref="WebhookOptions.AllowedPrivateNetworks"/>. Checked when a channel is made
/// (what its name resolves to then) and again on every connect, on the address actually connected to, so a name that
/// resolves elsewhere later (DNS rebinding) is refused too (OWASP's SSRF prevention; <c>SocketsHttpHandler.ConnectCallback</c>).
/// </summary>
public sealed class WebhookTargets
{
    private static readonly (IPNetwork Network, string Kind)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "reserved"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "reserved"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fc00::/7"), "private"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private readonly IPNetwork[] _allowed;
    private readonly string _what;
    private readonly string _setting;

    public WebhookTargets(IOptions<WebhookOptions> options)
        : this(options.Value.AllowedPrivateNetworks, "webhooks", "Webhooks:AllowedPrivateNetworks")
    {
    }

    /// <summary>The same rules with other exceptions (push endpoints: <c>Push:AllowedPrivateNetworks</c>), named in their refusals.</summary>
    internal WebhookTargets(IEnumerable<string> allowedPrivateNetworks, string what, string setting)
    {
        _allowed = [.. allowedPrivateNetworks.Select(IPNetwork.Parse)];
        _what = what;
        _setting = setting;
    }

    /// <summary>Why <paramref name="address"/> may not be a webhook target ("loopback", "private"...), or null when it may.</summary>
    public string? WhyRefused(IPAddress address)
    {
        var normal = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (_allowed.Any(n => n.Contains(normal)))
        {
            return null;
        }

        return Refused.FirstOrDefault(r => r.Network.BaseAddress.AddressFamily == normal.AddressFamily && r.Network.Contains(normal)).Kind;
    }

    /// <summary>For a new channel: null when <paramref name="url"/> may be a target, else why not. A name that does not resolve now is checked when it is connected to.</summary>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(url.IdnHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
            }
            catch (SocketException)
            {
                return null;
            }
        }

        return addresses.Select(a => (Address: a, Why: WhyRefused(a))).FirstOrDefault(a => a.Why is not null) is { Why: { } why, Address: var address }
            ? $"url resolves to {address}, a {why} address: {_what} may not reach the service's own networks (an operator can allow one with {_setting})."
            : null;
    }

    /// <summary>The webhook client's connect: to the first resolved address that may be a target, or refused.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        foreach (var address in addresses.Where(a => WhyRefused(a) is null))
        {
#pragma warning disable CA2000 // Owned by the NetworkStream returned (ownsSocket), or disposed below when the connect fails.
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
#pragma warning restore CA2000
            try
            {
                socket.NoDelay = true;
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new TargetRefusedException($"{host} resolves only to addresses webhooks may not reach");
    }
}

/// <summary>A webhook target whose every address is refused (<see cref="WebhookTargets"/>).</summary>
public sealed class TargetRefusedException(string message) : IOException(message);
