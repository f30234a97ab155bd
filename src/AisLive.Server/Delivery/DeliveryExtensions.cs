using AisLive.Server.Alerts;

namespace AisLive.Server.Delivery;

public static class DeliveryExtensions
{
    /// <summary>Webhook channels and their outbox; Alerts sees only <see cref="IAlertEventOutbox"/>.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.AllowedPrivateNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Webhooks:AllowedPrivateNetworks holds networks in CIDR form, e.g. 10.20.0.0/16.");
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<ChannelStore>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<IAlertEventOutbox>(sp => sp.GetRequiredService<WebhookOutbox>());
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // each attempt has its own timeout
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync, // the address connected to, not the one named
                UseProxy = false, // a proxy would connect on our behalf, past the check
                AllowAutoRedirect = false, // a redirect is the receiver's mistake to fix, not a place to send alerts
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxResponseHeadersLength = 64, // KiB
            });
        services.AddHostedService<WebhookDispatcher>();
        AddPush(services);
        services.AddHostedService<AttemptRetentionWorker>();
        return services;
    }

    /// <summary>Web Push: the VAPID keys, subscriptions, an outbox beside the webhooks' and its sender.</summary>
    private static void AddPush(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<PushOptions>().BindConfiguration(PushOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.AllowedPrivateNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Push:AllowedPrivateNetworks holds networks in CIDR form, e.g. 127.0.0.0/8.")
            .Validate(o => Uri.TryCreate(o.Subject, UriKind.Absolute, out var uri) && uri.Scheme is "mailto" or "https", "Push:Subject is a mailto: or https: URI (RFC 8292).");
        services.AddSingleton<PushTargets>();
        services.AddSingleton<PushKeys>();
        services.AddSingleton<PushStore>();
        services.AddSingleton<PushOutbox>();
        services.AddSingleton<IAlertEventOutbox>(sp => sp.GetRequiredService<PushOutbox>());
        services.AddHttpClient(PushDispatcher.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // each attempt has its own timeout
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<PushTargets>().Rules.ConnectAsync,
                UseProxy = false,
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton<PushDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<PushDispatcher>());
    }
}
