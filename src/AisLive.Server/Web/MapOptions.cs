namespace AisLive.Server.Web;

/// <summary>
/// <c>Map:</c> the page's basemap. With no tile server the page draws its offline coastline (it works with no network);
/// with one, it draws the tiles, and the page's Content-Security-Policy lets images come from that host.
/// </summary>
public sealed class MapOptions
{
    public const string SectionName = "Map";

    /// <summary>A Leaflet tile URL template, e.g. <c>https://tile.openstreetmap.org/{z}/{x}/{y}.png</c>; none by default.</summary>
    public string? TileUrl { get; set; }

    /// <summary>The attribution the tiles' licence asks for (shown on the map); required with <see cref="TileUrl"/>.</summary>
    public string? Attribution { get; set; }

    /// <summary>A transparent overlay drawn above the tiles or the coastline, e.g. OpenSeaMap's seamarks.</summary>
    public string? OverlayUrl { get; set; }

    public string? OverlayAttribution { get; set; }

    /// <summary>The CSP <c>img-src</c> sources for the configured URLs (a <c>{s}</c> subdomain becomes a wildcard).</summary>
    public IEnumerable<string> ImageSources() =>
        new[] { TileUrl, OverlayUrl }.OfType<string>().Select(Origin).OfType<string>().Distinct();

    /// <summary>What is wrong with the settings; null when they can be used.</summary>
    public string? Problem()
    {
        foreach (var (name, url) in new[] { ("Map:TileUrl", TileUrl), ("Map:OverlayUrl", OverlayUrl) })
        {
            if (url is not null && Origin(url) is null)
            {
                return $"{name} must be an https URL template with {{z}}, {{x}} and {{y}} (http only for localhost).";
            }
        }

        return TileUrl is not null && string.IsNullOrWhiteSpace(Attribution) ? "Map:Attribution is required with Map:TileUrl: tile providers' licences ask for it." : null;
    }

    private static string? Origin(string template)
    {
        if (!template.Contains("{z}", StringComparison.Ordinal) || !template.Contains("{x}", StringComparison.Ordinal) || !template.Contains("{y}", StringComparison.Ordinal))
        {
            return null;
        }

        var probe = template.Replace("{s}", "a", StringComparison.Ordinal).Replace("{z}", "0", StringComparison.Ordinal)
            .Replace("{x}", "0", StringComparison.Ordinal).Replace("{y}", "0", StringComparison.Ordinal).Replace("{r}", "", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            return null;
        }

        var host = template.Contains("{s}.", StringComparison.Ordinal) ? "*." + uri.Host[(uri.Host.IndexOf('.', StringComparison.Ordinal) + 1)..] : uri.Host;
        return $"{uri.Scheme}://{host}{(uri.IsDefaultPort ? "" : $":{uri.Port}")}";
    }
}
