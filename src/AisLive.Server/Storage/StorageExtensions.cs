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
        DecisionClock.Register(services, PipelineModes.From(configuration));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<StorageBatchWriter>();
        services.AddSingleton<BatchStore>();
        services.AddSingleton<StorageMetrics>();
        // A cluster node's journal holds whole messages for the cluster's log, not rows: it lives beside one process's,
        // never in it, so a data directory that ran in both modes never mixes the two.
        var mode = PipelineModes.From(configuration);
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var path = mode == PipelineMode.SingleProcess ? settings.JournalPath : Path.Combine(settings.JournalPath, "cluster-log");
            return new WriteAheadJournal(path, settings.JournalSegmentBytes);
        });
        services.AddKeyedSingleton<IJournalContent, IJournalContent.StorageRows>(PipelineMode.SingleProcess);
        services.AddSingleton(sp => sp.GetRequiredKeyedService<IJournalContent>(mode));
        services.AddSingleton<RejectedMessageStore>();
        services.AddSingleton<FrameQuarantine>();
        services.AddSingleton<IQuarantine>(sp => sp.GetRequiredService<FrameQuarantine>());
        services.AddStage<QuarantineWorker>(StopStage.Quarantine);
        services.AddHostedService<MigrationWorker>();
        services.AddHostedService<PartitionMaintenanceWorker>();

        // Both modes journal what they decode. One process flushes the journal into PostGIS; a cluster node's publisher
        // (the cluster feature's) drains it into the cluster's log, and its writer reads that log. On shutdown the
        // appender stops (drains the channel, syncs) before the journal's reader, which then takes everything it wrote.
        services.AddStage<JournalAppenderWorker>(StopStage.Journal);
        if (mode == PipelineMode.SingleProcess)
        {
            services.AddStage<StorageFlusherWorker>(StopStage.Store);
        }

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }
}
