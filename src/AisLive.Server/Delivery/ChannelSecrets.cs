using Microsoft.AspNetCore.DataProtection;

namespace AisLive.Server.Delivery;

/// <summary>
/// A channel's URL and signing secret are credentials (a chat room's incoming webhook posts for anyone who has it; the
/// secret signs what receivers trust), so they are stored encrypted with ASP.NET Core Data Protection: whoever can
/// read the database, or a backup of it, cannot use them without the key ring (<c>DataProtection:KeysPath</c>, which
/// every node of a cluster must share). Stored values carry a prefix, so a row written before this encryption is
/// still read (and <see cref="IsProtected"/> tells it apart, for re-encryption at start).
/// </summary>
public sealed class ChannelSecrets(IDataProtectionProvider provider)
{
    private const string Prefix = "dp1:";
    private readonly IDataProtector _protector = provider.CreateProtector("AisLive.Delivery.ChannelSecrets.v1");

    public string Protect(string plain) => Prefix + _protector.Protect(plain);

    public string Unprotect(string stored) => IsProtected(stored) ? _protector.Unprotect(stored[Prefix.Length..]) : stored;

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);
}
