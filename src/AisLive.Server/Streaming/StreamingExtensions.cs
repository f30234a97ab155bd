using AisLive.Server.Streaming.Handoff;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AisLive.Server.Streaming;

public static class StreamingExtensions
{
    /// <summary>The SSE machinery every streaming feature shares: the writer, its heartbeat timer and write window, its metrics, the hand-off.</summary>
    public static IServiceCollection AddStreaming(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<StreamOptions>().BindConfiguration(StreamOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<StreamMetrics>();
        services.AddSingleton<WriteWindow>();
        services.AddSingleton<HeartbeatTimer>();
        services.AddSingleton<SseResponseWriter>();

        // Every endpoint gets the hand-off layer; SseResponseWriter uses it unless Live:HandOffStreams is off.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            listen.Use(HandoffConnection.Middleware(
                kestrel.Limits.MinResponseDataRate,
                listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<HandoffConnection>()))));
        return services;
    }
}
