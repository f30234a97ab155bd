using AisLive.Server.Streaming;

namespace AisLive.Server.Alerts;

/// <summary>The caller's alerts stream (<c>/api/alerts/stream</c>): no vessels, durable alert events only.</summary>
public sealed record AlertScope : StreamScope
{
    public override string Kind => "alerts";
}
