namespace AisLive.Ais.Nmea.Payloads;

/// <summary>
/// Types 7, 10, 12-16, 20, 22 and 23 of ITU-R M.1371-5: acknowledgements, interrogations, safety text and the
/// link-management messages. Names and scaling are gpsd's scaled JSON in camelCase; bits past a
/// short payload read as zero, as gpsd reads them, once the type's minimum length is there.
/// </summary>
internal static class CommunicationMessages
{
    /// <summary>The shortest payload of each type that still carries its first complete field group.</summary>
    public static int MinimumBits(int type) => type switch
    {
        7 or 13 => 70,
        10 => 70,
        12 => 72,
        14 => 40,
        15 => 88,
        16 => 92,
        20 => 70,
        22 => 145,
        23 => 154,
        _ => AisPayloadDecoder.HeaderBits,
    };

    public static AisFields Decode(in PayloadBits bits, int type) => type switch
    {
        7 or 13 => Acknowledgement(bits),
        10 => new AisFields().Whole("destMmsi", bits.Unsigned(40, 30)),
        12 => new AisFields()
            .Whole("seqno", bits.Unsigned(38, 2))
            .Whole("destMmsi", bits.Unsigned(40, 30))
            .Flag("retransmit", bits.Bool(70))
            .Text("text", TextToEnd(bits, 72)),
        14 => new AisFields().Text("text", TextToEnd(bits, 40)),
        15 => Interrogation(bits),
        16 => AssignedMode(bits),
        20 => DataLinkManagement(bits),
        22 => ChannelManagement(bits),
        23 => GroupAssignment(bits),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a communication message type"),
    };

    /// <summary>Six-bit text from <paramref name="start"/> to the end of the payload (types 12 and 14).</summary>
    public static string TextToEnd(in PayloadBits bits, int start) => bits.Text(start, (bits.BitLength - start) / 6);

    /// <summary>Positions in 1/10 minute (types 17, 22, 23) as degrees.</summary>
    public static double TenthMinutes(int raw) => raw / 600.0;

    private static AisFields Acknowledgement(in PayloadBits bits)
    {
        // Up to four acknowledged stations, 32 bits each; gpsd prints absent ones as 0.
        var fields = new AisFields();
        for (var i = 0; i < 4; i++)
        {
            fields.Whole(Names.Mmsi[i], bits.Unsigned(40 + (32 * i), 30));
        }

        return fields;
    }

    private static AisFields Interrogation(in PayloadBits bits) => new AisFields()
        .Whole("mmsi1", bits.Unsigned(40, 30))
        .Whole("type11", bits.Unsigned(70, 6))
        .Whole("offset11", bits.Unsigned(76, 12))
        .Whole("type12", bits.Unsigned(90, 6))
        .Whole("offset12", bits.Unsigned(96, 12))
        .Whole("mmsi2", bits.Unsigned(110, 30))
        .Whole("type21", bits.Unsigned(140, 6))
        .Whole("offset21", bits.Unsigned(146, 12));

    private static AisFields AssignedMode(in PayloadBits bits) => new AisFields()
        .Whole("mmsi1", bits.Unsigned(40, 30))
        .Whole("offset1", bits.Unsigned(70, 12))
        .Whole("increment1", bits.Unsigned(82, 10))
        .Whole("mmsi2", bits.Unsigned(92, 30))
        .Whole("offset2", bits.Unsigned(122, 12))
        .Whole("increment2", bits.Unsigned(134, 10));

    private static AisFields DataLinkManagement(in PayloadBits bits)
    {
        var fields = new AisFields();
        for (var i = 0; i < 4; i++)
        {
            var start = 40 + (30 * i);
            fields.Whole(Names.Offset[i], bits.Unsigned(start, 12))
                .Whole(Names.Number[i], bits.Unsigned(start + 12, 4))
                .Whole(Names.Timeout[i], bits.Unsigned(start + 16, 3))
                .Whole(Names.Increment[i], bits.Unsigned(start + 19, 11));
        }

        return fields;
    }

    private static AisFields ChannelManagement(in PayloadBits bits)
    {
        var addressed = bits.Bool(139);
        var fields = new AisFields()
            .Whole("channelA", bits.Unsigned(40, 12))
            .Whole("channelB", bits.Unsigned(52, 12))
            .Whole("txrx", bits.Unsigned(64, 4))
            .Flag("power", bits.Bool(68));
        if (addressed)
        {
            fields.Whole("dest1", bits.Unsigned(69, 30)).Whole("dest2", bits.Unsigned(104, 30));
        }
        else
        {
            fields.Scaled("neLon", TenthMinutes(bits.Signed(69, 18)))
                .Scaled("neLat", TenthMinutes(bits.Signed(87, 17)))
                .Scaled("swLon", TenthMinutes(bits.Signed(104, 18)))
                .Scaled("swLat", TenthMinutes(bits.Signed(122, 17)));
        }

        return fields.Flag("addressed", addressed)
            .Flag("bandA", bits.Bool(140))
            .Flag("bandB", bits.Bool(141))
            .Whole("zonesize", bits.Unsigned(142, 3));
    }

    private static AisFields GroupAssignment(in PayloadBits bits) => new AisFields()
        .Scaled("neLon", TenthMinutes(bits.Signed(40, 18)))
        .Scaled("neLat", TenthMinutes(bits.Signed(58, 17)))
        .Scaled("swLon", TenthMinutes(bits.Signed(75, 18)))
        .Scaled("swLat", TenthMinutes(bits.Signed(93, 17)))
        .Whole("stationtype", bits.Unsigned(110, 4))
        .Whole("shiptype", bits.Unsigned(114, 8))
        .Whole("txrx", bits.Unsigned(144, 2))
        .Whole("interval", bits.Unsigned(146, 4))
        .Whole("quiet", bits.Unsigned(150, 4));

    /// <summary>Numbered names, built once rather than formatted per message.</summary>
    private static class Names
    {
        public static readonly string[] Mmsi = ["mmsi1", "mmsi2", "mmsi3", "mmsi4"];
        public static readonly string[] Offset = ["offset1", "offset2", "offset3", "offset4"];
        public static readonly string[] Number = ["number1", "number2", "number3", "number4"];
        public static readonly string[] Timeout = ["timeout1", "timeout2", "timeout3", "timeout4"];
        public static readonly string[] Increment = ["increment1", "increment2", "increment3", "increment4"];
    }
}
