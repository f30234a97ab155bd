using AisLive.Server.Ingest.AisStream;
using AisLive.Server.Ingest.NmeaTcp;
using AisLive.Server.Workers;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Ingest;

public static class IngestExtensions
{
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<FeedStatus>();
        services.AddHealthChecks().AddCheck<FeedHealthCheck>("feed", tags: ["ready"]);

        switch (ResolveSource(configuration))
        {
            case "aisstream":
                services.AddOptionsWithValidateOnStart<AisStreamOptions>()
                    .BindConfiguration(AisStreamOptions.SectionName)
                    .PostConfigure(o => o.ApiKey = string.IsNullOrWhiteSpace(o.ApiKey) ? Environment.GetEnvironmentVariable("AISSTREAM_API_KEY") : o.ApiKey)
                    .ValidateDataAnnotations();
                services.AddSingleton<IValidateOptions<AisStreamOptions>, SourceOptionsValidator>();
                services.AddSingleton<IAisSource, AisStreamSource>();
                break;
            case "nmea-tcp":
                services.AddOptionsWithValidateOnStart<NmeaTcpOptions>()
                    .BindConfiguration(NmeaTcpOptions.SectionName)
                    .ValidateDataAnnotations();
                services.AddSingleton<IValidateOptions<NmeaTcpOptions>, SourceOptionsValidator>();
                services.AddSingleton<IAisSource, NmeaTcpSource>();
                break;
            default:
                services.AddOptionsWithValidateOnStart<ReplayOptions>().BindConfiguration(ReplayOptions.SectionName).ValidateDataAnnotations();
                services.AddSingleton<IAisSource, ReplaySource>();
                break;
        }

        // The first stage to stop: ingest stops, then the pipeline drains behind it.
        services.AddStage<IngestWorker>(StopStage.Feed);
        return services;
    }

    /// <summary><c>auto</c> is <c>aisstream</c> when an API key is configured or in AISSTREAM_API_KEY, else <c>replay</c>.</summary>
    public static string ResolveSource(IConfiguration configuration)
    {
        var source = configuration[$"{IngestOptions.SectionName}:{nameof(IngestOptions.Source)}"] ?? "auto";
        if (source != "auto")
        {
            return source;
        }

        var key = configuration[$"{AisStreamOptions.SectionName}:{nameof(AisStreamOptions.ApiKey)}"] ?? Environment.GetEnvironmentVariable("AISSTREAM_API_KEY");
        return string.IsNullOrWhiteSpace(key) ? "replay" : "aisstream";
    }
}
