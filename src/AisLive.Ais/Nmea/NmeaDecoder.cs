namespace AisLive.Ais.Nmea;

/// <summary>
/// Decodes NMEA 0183 AIS sentences one line at a time, reassembling multi-fragment messages by
/// sequence id and channel. Single-fragment messages decode with no allocation. Not thread-safe:
/// one decoder per input stream, since fragment state belongs to that stream.
/// </summary>
public sealed class NmeaDecoder
{
    private readonly NmeaDecoderOptions _options;
    private readonly TimeProvider _time;
    private readonly FragmentGroup[] _groups;

    public NmeaDecoder(NmeaDecoderOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new NmeaDecoderOptions();
        _time = timeProvider ?? TimeProvider.System;
        _groups = new FragmentGroup[_options.MaxPendingGroups];
        for (var i = 0; i < _groups.Length; i++)
        {
            _groups[i] = new FragmentGroup(_options.MaxPayloadCharacters);
        }
    }

    /// <summary>Incomplete messages discarded because they timed out, were evicted or were restarted.</summary>
    public long IncompleteDropped { get; private set; }

    public int PendingGroups => _groups.Count(g => g.InUse);

    /// <summary>
    /// Feeds one line. Returns <see cref="DecodeStatus.Message"/> with <paramref name="message"/> set when
    /// a message completes, <see cref="DecodeStatus.Pending"/> when a fragment was stored, or
    /// <see cref="DecodeStatus.Error"/> with <paramref name="error"/> saying why the line was rejected.
    /// </summary>
    public DecodeStatus Decode(ReadOnlySpan<byte> line, out AisMessage message, out DecodeError error)
    {
        message = default;
        if (line.Length > _options.MaxLineBytes)
        {
            error = DecodeError.LineTooLong;
            return DecodeStatus.Error;
        }

        error = NmeaSentence.TryParse(line, out var sentence);
        if (error != DecodeError.None)
        {
            return DecodeStatus.Error;
        }

        if (sentence.Payload.Length > _options.MaxPayloadCharacters)
        {
            error = DecodeError.PayloadTooLong;
            return DecodeStatus.Error;
        }

        return sentence.FragmentCount == 1
            ? DecodeSingle(sentence, out message, out error)
            : DecodeFragment(sentence, out message, out error);
    }

    private static DecodeStatus DecodeSingle(in NmeaSentence sentence, out AisMessage message, out DecodeError error)
    {
        message = default;
        Span<byte> packed = stackalloc byte[PayloadBits.PackedSize(sentence.Payload.Length)];
        if (!PayloadBits.TryUnarmourPacked(sentence.Payload, packed))
        {
            error = DecodeError.IllegalPayloadCharacter;
            return DecodeStatus.Error;
        }

        var bits = new PayloadBits(packed, (sentence.Payload.Length * 6) - sentence.FillBits);
        error = AisPayloadDecoder.Decode(bits, sentence.TagTimestamp, out message);
        return error == DecodeError.None ? DecodeStatus.Message : DecodeStatus.Error;
    }

    private DecodeStatus DecodeFragment(in NmeaSentence sentence, out AisMessage message, out DecodeError error)
    {
        message = default;
        var now = _time.GetTimestamp();
        ExpireOldGroups(now);
        var group = Find(sentence.SequenceId, sentence.Channel, sentence.FragmentCount);

        if (sentence.FragmentNumber == 1)
        {
            if (group is not null)
            {
                IncompleteDropped++; // the same id restarted before the last message finished
            }

            group ??= Allocate();
            group.Start(sentence.SequenceId, sentence.Channel, sentence.FragmentCount, now, sentence.TagTimestamp);
        }
        else if (group is null || group.NextFragment != sentence.FragmentNumber)
        {
            if (group is not null)
            {
                group.InUse = false;
                IncompleteDropped++;
            }

            error = DecodeError.OrphanFragment;
            return DecodeStatus.Error;
        }

        if (group.Length + sentence.Payload.Length > group.Symbols.Length)
        {
            group.InUse = false;
            error = DecodeError.PayloadTooLong;
            return DecodeStatus.Error;
        }

        if (!PayloadBits.TryUnarmour(sentence.Payload, group.Symbols.AsSpan(group.Length)))
        {
            group.InUse = false;
            error = DecodeError.IllegalPayloadCharacter;
            return DecodeStatus.Error;
        }

        group.Length += sentence.Payload.Length;
        group.NextFragment++;
        if (sentence.FragmentNumber < sentence.FragmentCount)
        {
            error = DecodeError.None;
            return DecodeStatus.Pending;
        }

        group.InUse = false;
        Span<byte> packed = stackalloc byte[PayloadBits.PackedSize(group.Length)];
        PayloadBits.Pack(group.Symbols.AsSpan(0, group.Length), packed);
        var bits = new PayloadBits(packed, (group.Length * 6) - sentence.FillBits);
        error = AisPayloadDecoder.Decode(bits, group.TagTimestamp ?? sentence.TagTimestamp, out message);
        return error == DecodeError.None ? DecodeStatus.Message : DecodeStatus.Error;
    }

    private FragmentGroup? Find(int sequenceId, byte channel, int fragmentCount)
    {
        foreach (var group in _groups)
        {
            if (group.Matches(sequenceId, channel, fragmentCount))
            {
                return group;
            }
        }

        return null;
    }

    private FragmentGroup Allocate()
    {
        FragmentGroup? oldest = null;
        foreach (var group in _groups)
        {
            if (!group.InUse)
            {
                return group;
            }

            if (oldest is null || group.StartedTimestamp < oldest.StartedTimestamp)
            {
                oldest = group;
            }
        }

        // Every slot is busy: evict the oldest incomplete message so memory stays bounded.
        IncompleteDropped++;
        return oldest!;
    }

    private void ExpireOldGroups(long now)
    {
        foreach (var group in _groups)
        {
            if (group.InUse && _time.GetElapsedTime(group.StartedTimestamp, now) > _options.FragmentTimeout)
            {
                group.InUse = false;
                IncompleteDropped++;
            }
        }
    }
}
