using Npgsql;

namespace AisLive.Server.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations();
        var connectionString = configuration.GetConnectionString("Postgis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Postgis is not set; `scripts/aislive db-start` prints one.");
        }

        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddSingleton<DatabaseState>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<PositionCopier>();
        services.AddHostedService<MigrationWorker>();
        services.AddHostedService<PositionWriterWorker>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }
}
