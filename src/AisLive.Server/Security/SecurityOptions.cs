using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Security;

/// <summary>Limits and CORS. Each limit answers 429 with Retry-After (413 for bodies) and leaves everyone else unaffected.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Origins allowed to call the API from a browser; empty = same origin only (no CORS headers at all).</summary>
    public List<string> CorsOrigins { get; set; } = [];

    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Open SSE streams one user may hold at once.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreamsPerUser { get; set; } = 20;

    /// <summary>New stream connections per second, per user and per client address.</summary>
    [Range(1, 100_000)]
    public int StreamConnectsPerSecondPerUser { get; set; } = 10;

    [Range(1, 100_000)]
    public int StreamConnectsPerSecondPerAddress { get; set; } = 50;

    /// <summary>REST requests per second per user (a burst of twice this is allowed).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecondPerUser { get; set; } = 100;

    /// <summary>Vertices in one geofence (all rings together).</summary>
    [Range(4, 1_000_000)]
    public int MaxPolygonVertices { get; set; } = 10_000;

    [Range(1, 1_000_000)]
    public int MaxFleetVessels { get; set; } = 5_000;

    /// <summary>
    /// Reverse proxies in front of the service (addresses or CIDR networks). Their <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed, so the client's own address is what the per-address limit and the
    /// loopback rule of <c>/metrics</c> see, and the session cookie is <c>Secure</c> behind a TLS proxy. Nobody's
    /// forwarded headers are believed by default: behind a proxy on the same host, name it here.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>
    /// Where ASP.NET Core Data Protection keeps its key ring (it encrypts webhook URLs and secrets at rest). Every node
    /// of a cluster must see the same directory (a shared volume), or a node cannot read what another stored.
    /// </summary>
    [Required]
    public string DataProtectionKeysPath { get; set; } = ".data/keys";

    /// <summary>Alert rules one fleet may have: each is evaluated for every fix of the fleet's vessels.</summary>
    [Range(1, 100_000)]
    public int MaxRulesPerFleet { get; set; } = 200;

    /// <summary>Webhook channels one fleet may have: each alert event is one delivery per channel.</summary>
    [Range(1, 10_000)]
    public int MaxChannelsPerFleet { get; set; } = 20;

    /// <summary>The largest a rule's <c>parameters</c> may be, as JSON (an area of 10,000 vertices is about 400 KB).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRuleParametersBytes { get; set; } = 512 * 1024;

    /// <summary>The longest time range one history request may ask for (a track, or positions in a box).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3660.00:00:00")]
    public TimeSpan MaxHistoryRange { get; set; } = TimeSpan.FromDays(31);

    /// <summary>A history query the database has not answered by then is cancelled (statement timeout), and the request gets 503.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HistoryQueryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>History queries running at once; more wait (up to the timeout), so the writer and alert persistence always get a connection.</summary>
    [Range(1, 64)]
    public int MaxConcurrentHistoryQueries { get; set; } = 8;
}
