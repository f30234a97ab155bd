namespace AisLive.Ais.Nmea;

public sealed record NmeaDecoderOptions
{
    /// <summary>Incomplete multi-fragment messages held at once; the oldest is dropped past this.</summary>
    public int MaxPendingGroups { get; init; } = 64;

    /// <summary>A multi-fragment message whose next fragment does not come within this time is dropped.</summary>
    public TimeSpan FragmentTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest accepted sentence, tag block and suffix included (NMEA says 82; feeds add more).</summary>
    public int MaxLineBytes { get; init; } = 1024;

    /// <summary>Longest payload of one reassembled message, in armoured characters (5 slots ≈ 200). At most 4096: it is decoded on the stack.</summary>
    public int MaxPayloadCharacters
    {
        get => _maxPayloadCharacters;
        init => _maxPayloadCharacters = value is > 0 and <= 4096 ? value : throw new ArgumentOutOfRangeException(nameof(MaxPayloadCharacters), value, "must be 1 to 4096");
    }

    private readonly int _maxPayloadCharacters = 512;
}
