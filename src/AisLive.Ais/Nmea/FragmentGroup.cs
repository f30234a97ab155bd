namespace AisLive.Ais.Nmea;

/// <summary>The fragments received so far of one multi-sentence message, as 6-bit symbols.</summary>
internal sealed class FragmentGroup(int capacity)
{
    public readonly byte[] Symbols = new byte[capacity];

    public bool InUse;
    public int SequenceId;
    public byte Channel;
    public int FragmentCount;
    public int NextFragment;
    public int Length;
    public long StartedTimestamp;
    public DateTimeOffset? TagTimestamp;

    public bool Matches(int sequenceId, byte channel, int fragmentCount) =>
        InUse && SequenceId == sequenceId && Channel == channel && FragmentCount == fragmentCount;

    public void Start(int sequenceId, byte channel, int fragmentCount, long timestamp, DateTimeOffset? tagTimestamp)
    {
        InUse = true;
        SequenceId = sequenceId;
        Channel = channel;
        FragmentCount = fragmentCount;
        NextFragment = 1;
        Length = 0;
        StartedTimestamp = timestamp;
        TagTimestamp = tagTimestamp;
    }
}
