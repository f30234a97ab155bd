using AisLive.Server.Pipeline;
using AisLive.Server.Storage.Journal;
using AisLive.Server.Storage.Quarantine;
using AisLive.Server.Vessels;
using AisLive.Server.Workers;
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
        services.AddSingleton<RejectedMessageStore>();
        services.AddSingleton<FrameQuarantine>();
        services.AddSingleton<IQuarantine>(sp => sp.GetRequiredService<FrameQuarantine>());
        services.AddStage<QuarantineWorker>(StopStage.Quarantine);
        services.AddHostedService<MigrationWorker>();
        services.AddHostedService<PartitionMaintenanceWorker>();

        // One process journals what it decodes and flushes the journal into PostGIS; a cluster node's writer reads
        // the cluster's log instead. On shutdown the appender stops (drains the channel, syncs) before the flusher,
        // which then commits everything it wrote.
        if (PipelineModes.From(configuration) == PipelineMode.SingleProcess)
        {
            services.AddStage<JournalAppenderWorker>(StopStage.Journal);
            services.AddStage<StorageFlusherWorker>(StopStage.Store);
        }

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }
}
