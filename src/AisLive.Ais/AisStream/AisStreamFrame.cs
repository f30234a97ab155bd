namespace AisLive.Ais.AisStream;

/// <summary>What one AISStream websocket frame turned out to be.</summary>
public readonly record struct AisStreamFrame
{
    public DecodeStatus Status { get; init; }
    public AisMessage Message { get; init; }
    public DecodeError Error { get; init; }

    /// <summary>The envelope's <c>MessageType</c>, e.g. <c>PositionReport</c> (null for an error frame).</summary>
    public string? MessageTypeName { get; init; }

    /// <summary>For control frames: the server's error text (<c>{"error":"..."}</c>), when it sent one.</summary>
    public string? UpstreamError { get; init; }

    public bool IsSubscriptionConfirmation => Status == DecodeStatus.Control && UpstreamError is null;
}
