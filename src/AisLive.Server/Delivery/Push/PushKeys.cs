using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace AisLive.Server.Delivery;

/// <summary>
/// The VAPID key pair (RFC 8292): an ECDSA P-256 key made the first time it is needed and kept in the database, its
/// private half encrypted with Data Protection. Browsers bind a subscription to the public key, so it must never
/// change: the first node to store it wins (<c>ON CONFLICT DO NOTHING</c>) and every node reads the stored pair.
/// </summary>
public sealed class PushKeys(NpgsqlDataSource dataSource, IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("AisLive.Delivery.PushKeys.v1");
    private readonly Lock _gate = new();
    private Task<(string Public, string Private)>? _keys;

    /// <summary>The public key (uncompressed point, base64url) and the private key (the scalar, base64url), as VAPID wants them.</summary>
    public Task<(string Public, string Private)> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_keys is null || _keys.IsFaulted || _keys.IsCanceled)
            {
                _keys = LoadOrCreateAsync(cancellationToken); // read once; a failed read (the database away) is tried again next time
            }

            return _keys;
        }
    }

    private async Task<(string Public, string Private)> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var parameters = key.ExportParameters(includePrivateParameters: true);
            var point = new byte[65];
            point[0] = 0x04;
            parameters.Q.X!.CopyTo(point, 1);
            parameters.Q.Y!.CopyTo(point, 33);
            await using var insert = dataSource.CreateCommand("INSERT INTO push_keys (id, public_key, private_key) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING");
            insert.Parameters.Add(new NpgsqlParameter { Value = WebEncoders.Base64UrlEncode(point) });
            insert.Parameters.Add(new NpgsqlParameter { Value = _protector.Protect(WebEncoders.Base64UrlEncode(parameters.D!)) });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var select = dataSource.CreateCommand("SELECT public_key, private_key FROM push_keys WHERE id = 1");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetString(0), _protector.Unprotect(reader.GetString(1)));
    }
}
