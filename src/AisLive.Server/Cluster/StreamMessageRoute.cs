using AisLive.Server.Pipeline;

namespace AisLive.Server.Cluster;

/// <summary>
/// A cluster node's route: decoded messages go to the writer channel, which the journal's appender drains into this
/// node's journal and <see cref="LogPublisherWorker"/> from there into the cluster's log; nothing goes to the live channel, because every node's live state is read from the log
/// (<see cref="LogFollowerWorker"/>), this one's included.
/// </summary>
public sealed class StreamMessageRoute(PipelineChannels channels) : IMessageRoute
{
    public ValueTask RouteAsync(DecodedMessage decoded, CancellationToken cancellationToken) =>
        channels.Writer.Writer.WriteAsync(decoded, cancellationToken);

    public void Complete() => channels.Writer.Writer.TryComplete();
}
