namespace AisLive.Server.Streaming;

/// <summary>
/// What a stream endpoint sends, for its OpenAPI description: a line on its events and the data schema of each,
/// declared by the feature that streams (<see cref="StreamEventsExtensions.ProducesEvents"/>) and read by the document's transformer.
/// </summary>
public sealed record StreamEvents(string Description, IReadOnlyList<Type> Payloads);

public static class StreamEventsExtensions
{
    public static RouteHandlerBuilder ProducesEvents(this RouteHandlerBuilder builder, string description, params Type[] payloads) =>
        builder.WithMetadata(new StreamEvents(description, payloads));
}
