using AisLive.Server.Pipeline;
using AisLive.Server.Storage.Journal;
using AisLive.Server.Storage.Quarantine;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AisLive.Server.Storage;

public static class StorageExtensions
{
    /// <summary>The service's data source: geometry parameters and columns map to NetTopologySuite types (<see cref="Wgs84"/>).</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString) =>
        new NpgsqlDataSourceBuilder(connectionString).UseNetTopologySuite(Wgs84.Factory.CoordinateSequenceFactory, Wgs84.Factory.PrecisionModel).Build();

    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations();
        var connectionString = configuration.GetConnectionString("Postgis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Postgis is not set; `scripts/aislive db-start` prints one.");
        }

        services.AddSingleton(_ => CreateDataSource(connectionString));

        // Geometries in API bodies are GeoJSON (NetTopologySuite.IO.GeoJSON4STJ); the OpenAPI document describes them so too.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new NetTopologySuite.IO.Converters.GeoJsonConverterFactory(Wgs84.Factory)));
        services.AddSingleton<DatabaseState>();
        services.AddSingleton<DatabaseRetry>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<StorageBatchWriter>();
        services.AddSingleton<BatchStore>();
        services.AddSingleton<StorageMetrics>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new WriteAheadJournal(settings.JournalPath, settings.JournalSegmentBytes);
        });
        services.AddSingleton<HistoryQueries>();
        services.AddSingleton<RejectedMessageStore>();
        services.AddSingleton<FrameQuarantine>();
        services.AddSingleton<IQuarantine>(sp => sp.GetRequiredService<FrameQuarantine>());
        services.AddHostedService<QuarantineWorker>();
        services.AddHostedService<MigrationWorker>();
        services.AddHostedService<PartitionMaintenanceWorker>();

        // The flusher is added before the appender, so on shutdown the appender stops (drains the channel,
        // syncs) first and the flusher then commits everything it wrote.
        services.AddHostedService<StorageFlusherWorker>();
        services.AddHostedService<JournalAppenderWorker>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }
}
