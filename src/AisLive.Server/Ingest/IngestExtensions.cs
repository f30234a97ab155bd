namespace AisLive.Server.Ingest;

public static class IngestExtensions
{
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateDataAnnotations();
        services.AddOptionsWithValidateOnStart<ReplayOptions>().BindConfiguration(ReplayOptions.SectionName).ValidateDataAnnotations();
        var source = configuration[$"{IngestOptions.SectionName}:{nameof(IngestOptions.Source)}"] ?? "auto";
        switch (source)
        {
            case "replay" or "auto":
                services.AddSingleton<IAisSource, ReplaySource>();
                break;
            default:
                throw new InvalidOperationException($"Ingest:Source '{source}' is not available in this build; use 'replay'.");
        }

        // Registered last, so it is stopped first: ingest stops, then the pipeline drains behind it.
        services.AddHostedService<IngestWorker>();
        return services;
    }
}
