using Npgsql;

namespace AisLive.Server.Tests.Infrastructure;

/// <summary>
/// The private PostGIS that <c>scripts/aislive test</c> starts (its connection string arrives in
/// <c>AISLIVE_TEST_PG</c>). Each test gets a database of its own, made from a per-run template that
/// already has PostGIS, and dropped afterwards. When PostGIS is not reachable the test fails with
/// instructions; it never skips.
/// </summary>
public static class PostgisDatabase
{
    private const string DefaultConnection = "Host=127.0.0.1;Port=55432;Username=postgres;Database=aislive";
    private static readonly string RunId = $"{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    public static string AdminConnectionString =>
        new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("AISLIVE_TEST_PG") ?? DefaultConnection) { Database = "postgres", Pooling = false }.ConnectionString;

    /// <summary>Creates an empty database with PostGIS and returns its connection string.</summary>
    public static async Task<string> CreateAsync()
    {
        var template = await EnsureTemplateAsync();
        var name = $"aislive_test_{RunId}_{Guid.NewGuid():N}"[..50];
        await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE {name} TEMPLATE {template}");
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static async Task<string> EnsureTemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is not null)
            {
                return _template;
            }

            var name = $"aislive_template_{RunId}";
            try
            {
                await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE {name}");
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
            {
                throw new InvalidOperationException(
                    $"PostGIS is not reachable ({ex.Message}). Run the tests with `scripts/aislive test`, which starts the private cluster, " +
                    "or start it yourself with `scripts/aislive db-start` and set AISLIVE_TEST_PG to the connection string it prints.", ex);
            }

            var connection = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
            await ExecuteAsync(connection, "CREATE EXTENSION postgis");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropTemplate(name);
            return _template = name;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static void DropTemplate(string name)
    {
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
