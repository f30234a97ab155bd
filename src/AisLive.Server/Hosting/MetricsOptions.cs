namespace AisLive.Server.Hosting;

public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Serve <c>/metrics</c> to anyone. Off: loopback scrapers, or a request with an admin token.</summary>
    public bool AllowAnonymous { get; set; }
}
