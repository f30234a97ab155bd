namespace AisLive.Ais;

public enum DecodeStatus
{
    /// <summary>A complete message was decoded.</summary>
    Message,

    /// <summary>A fragment was stored; the message completes with a later line.</summary>
    Pending,

    /// <summary>The line or frame was rejected; the error says why.</summary>
    Error,

    /// <summary>An upstream control frame (subscription confirmation, error), not AIS data.</summary>
    Control,
}
