using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Web;

/// <summary>
/// The map page: <c>wwwroot</c> (copied beside the binary) at <c>/</c>, and the few npm packages it uses at
/// <c>/vendor/</c>, straight from <c>web/node_modules</c>. No build step; no data is served here, so these are
/// anonymous, and the page signs in with the session cookie for everything else.
/// </summary>
public static class WebPageExtensions
{
    private static readonly string[] VendorFolders = ["leaflet/dist", "topojson-client/dist", "world-atlas"];

    public static IServiceCollection AddWebPage(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName);
        services.AddOptions<MapOptions>().BindConfiguration(MapOptions.SectionName)
            .Validate(o => o.Problem() is null, "Map: settings are invalid (see the log for which)").ValidateOnStart();
        return services;
    }

    public static WebApplication UseWebPage(this WebApplication app)
    {
        var mapOptions = app.Services.GetRequiredService<IOptions<MapOptions>>().Value;
        var imageSources = string.Join("", mapOptions.ImageSources().Select(s => " " + s));
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (context.Context.Request.Path.StartsWithSegments("/js"))
                {
                    // The page's modules hold no data: integrators' pages on other origins may load them (stream.js).
                    headers.AccessControlAllowOrigin = "*";
                }

                if (context.File.Name.EndsWith(".html", StringComparison.Ordinal))
                {
                    headers.ContentSecurityPolicy = $"default-src 'self'; img-src 'self' data:{imageSources}; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
                    headers.CacheControl = "no-cache";
                }
            },
        });

        var vendor = Path.GetFullPath(app.Services.GetRequiredService<IOptions<WebOptions>>().Value.VendorPath);
        foreach (var folder in VendorFolders)
        {
            var path = Path.Combine(vendor, folder);
            if (Directory.Exists(path))
            {
                app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(path), RequestPath = "/vendor/" + folder });
            }
        }

        // The basemap's settings (no data, like the page itself): anonymous.
        app.MapGet("/map-config.json", () => TypedResults.Ok(new
        {
            mapOptions.TileUrl, mapOptions.Attribution, mapOptions.OverlayUrl, mapOptions.OverlayAttribution,
        })).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
