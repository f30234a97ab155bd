using AisLive.Server.Alerts;

namespace AisLive.Server.Delivery;

public static class DeliveryExtensions
{
    /// <summary>Webhook channels and their outbox; Alerts sees only <see cref="IAlertEventOutbox"/>.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton<ChannelStore>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<IAlertEventOutbox>(sp => sp.GetRequiredService<WebhookOutbox>());
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // each attempt has its own timeout
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // a redirect is the receiver's mistake to fix, not a place to send alerts
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxResponseHeadersLength = 64, // KiB
            });
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
