namespace AisLive.Ais.Nmea;

public sealed record NmeaDecoderOptions
{
    /// <summary>Incomplete multi-fragment messages held at once; the oldest is dropped past this.</summary>
    public int MaxPendingGroups { get; init; } = 64;

    /// <summary>A multi-fragment message whose next fragment does not come within this time is dropped.</summary>
    public TimeSpan FragmentTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest accepted sentence, tag block and suffix included (NMEA says 82; feeds add more).</summary>
    public int MaxLineBytes { get; init; } = 1024;

    /// <summary>Longest payload of one reassembled message, in armoured characters (5 slots ≈ 200).</summary>
    public int MaxPayloadCharacters { get; init; } = 512;
}
