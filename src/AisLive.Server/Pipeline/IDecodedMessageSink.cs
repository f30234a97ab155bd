namespace AisLive.Server.Pipeline;

/// <summary>
/// A stage that must see, in order, every decoded message it wants (alert evaluation): the decoder awaits
/// <see cref="OfferAsync"/>, so a full sink slows ingest instead of losing a message. Features subscribe
/// through this interface, so the pipeline does not depend on them.
/// </summary>
public interface IDecodedMessageSink
{
    /// <summary>Takes the message or ignores it; may wait (back-pressure), never drops silently.</summary>
    ValueTask OfferAsync(DecodedMessage decoded, CancellationToken cancellationToken);

    /// <summary>No more messages will come (the source ended or the service is stopping).</summary>
    void Complete();
}
