using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Security;

public static class SecurityExtensions
{
    public const string CorsPolicy = "configured-origins";

    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations();
        services.AddOptionsWithValidateOnStart<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName).ValidateDataAnnotations()
            .Validate(
                o => o.KnownProxies.All(p => p.Contains('/', StringComparison.Ordinal) ? System.Net.IPNetwork.TryParse(p, out _) : System.Net.IPAddress.TryParse(p, out _)),
                "Security:KnownProxies holds addresses (10.0.0.5) or CIDR networks (10.0.0.0/24).");
        services.AddSingleton<TokenService>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();

        // Every endpoint needs a valid token unless it says AllowAnonymous: nothing is left open by omission.
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddAisLiveRateLimits();

        var keys = builder.Configuration.GetValue<string>($"{SecurityOptions.SectionName}:{nameof(SecurityOptions.DataProtectionKeysPath)}") ?? new SecurityOptions().DataProtectionKeysPath;
        services.AddDataProtection().SetApplicationName("aislive").PersistKeysToFileSystem(new DirectoryInfo(keys));

        var origins = builder.Configuration.GetSection($"{SecurityOptions.SectionName}:{nameof(SecurityOptions.CorsOrigins)}").Get<string[]>() ?? [];
        if (origins.Length > 0)
        {
            services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.WithOrigins(origins).AllowCredentials().AllowAnyHeader().AllowAnyMethod()));
        }

        var bodyLimit = builder.Configuration.GetValue<long?>($"{SecurityOptions.SectionName}:{nameof(SecurityOptions.MaxRequestBodyBytes)}") ?? new SecurityOptions().MaxRequestBodyBytes;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = bodyLimit);

        // Request-start lines carry the query string; keep them out of logs even when ASP.NET logging is turned up.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return builder;
    }

    public static WebApplication UseSecurity(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.KnownProxies is { Count: > 0 } proxies)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                if (proxy.Contains('/', StringComparison.Ordinal))
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                }
                else
                {
                    forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
                }
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseMiddleware<QueryTokenGuard>();
        app.UseMiddleware<SameOriginGuard>();
        if (app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.CorsOrigins.Count > 0)
        {
            app.UseCors(CorsPolicy);
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
