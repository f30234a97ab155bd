namespace AisLive.Server.Pipeline;

/// <summary>
/// Where a decoded message goes after the decoder: the one seam between a single process and a cluster node.
/// A single process (<see cref="LocalMessageRoute"/>) hands it to its own writer and live channels; a cluster node
/// (the cluster feature's route) hands it to the cluster's ordered log, which every node's live state and the
/// shared writer then read. Alert evaluation is not a route: it is an <see cref="IDecodedMessageSink"/> on the decoder.
/// </summary>
public interface IMessageRoute
{
    /// <summary>Takes the message; waits when the next stage is full (storage never drops).</summary>
    ValueTask RouteAsync(DecodedMessage decoded, CancellationToken cancellationToken);

    /// <summary>No more messages will come: the next stages drain and stop.</summary>
    void Complete();
}

/// <summary>One process: the writer channel (waited on: storage never drops) and the live channel (never waits: it drops its oldest).</summary>
public sealed class LocalMessageRoute(PipelineChannels channels) : IMessageRoute
{
    public async ValueTask RouteAsync(DecodedMessage decoded, CancellationToken cancellationToken)
    {
        await channels.Writer.Writer.WriteAsync(decoded, cancellationToken);
        channels.Live.Writer.TryWrite(decoded);
    }

    public void Complete()
    {
        channels.Writer.Writer.TryComplete();
        channels.Live.Writer.TryComplete();
    }
}
