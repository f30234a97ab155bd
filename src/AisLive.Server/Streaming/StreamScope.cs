namespace AisLive.Server.Streaming;

/// <summary>What a stream carries; each feature that streams says so in its own terms.</summary>
public abstract record StreamScope
{
    /// <summary>The metric tag and stats key of this kind of stream.</summary>
    public abstract string Kind { get; }
}
