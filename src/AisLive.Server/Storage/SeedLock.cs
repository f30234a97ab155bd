using Npgsql;

namespace AisLive.Server.Storage;

/// <summary>
/// A session advisory lock around "seed the demo data if the database is empty", so that nodes of a cluster starting
/// together seed it once: the second waits, then finds it there. Released when disposed (the connection closes).
/// </summary>
public sealed class SeedLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private SeedLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<SeedLock> AcquireAsync(NpgsqlDataSource dataSource, long key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new SeedLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync(); // a closed session's advisory locks are released
}
