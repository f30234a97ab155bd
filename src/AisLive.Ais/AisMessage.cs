namespace AisLive.Ais;

/// <summary>
/// One decoded AIS message from either source (NMEA or AISStream JSON). A struct, so a position report
/// decodes with no allocation; text-bearing fields live in <see cref="Static"/>. Every "not available"
/// sentinel (lat 91, lon 181, sog 102.3, cog 360, heading 511) is already null here.
/// Other fields keep the value as sent: out-of-range positions are rejected downstream, not here.
/// </summary>
public readonly record struct AisMessage
{
    public int MessageType { get; init; }
    public int Repeat { get; init; }
    public Mmsi Mmsi { get; init; }

    public int? NavigationStatus { get; init; }

    /// <summary>The raw ROT_AIS indicator (-128 = not available, ±127 = turning faster than 5°/30 s).</summary>
    public int? RateOfTurnRaw { get; init; }
    public double? SpeedKnots { get; init; }
    public bool? PositionAccuracy { get; init; }
    public double? Longitude { get; init; }
    public double? Latitude { get; init; }
    public double? CourseDegrees { get; init; }
    public int? HeadingDegrees { get; init; }

    /// <summary>The UTC second of the report as sent (60-63 mean not available / manual / dead reckoning / inoperative).</summary>
    public int? UtcSecond { get; init; }
    public int? ManeuverIndicator { get; init; }
    public bool? Raim { get; init; }

    public int? UtcYear { get; init; }
    public int? UtcMonth { get; init; }
    public int? UtcDay { get; init; }
    public int? UtcHour { get; init; }
    public int? UtcMinute { get; init; }

    public int? Epfd { get; init; }
    public int? Dte { get; init; }
    public int? AisVersion { get; init; }
    public bool? Assigned { get; init; }
    public int? AltitudeMeters { get; init; }
    public int? AidType { get; init; }
    public bool? OffPosition { get; init; }
    public bool? VirtualAid { get; init; }

    /// <summary>When the message was sent, where the source says so (AISStream metadata, NMEA tag block <c>c:</c>).</summary>
    public DateTimeOffset? TimestampUtc { get; init; }

    public AisStaticData? Static { get; init; }

    /// <summary>True when decoding removed control characters from a text field or cut one to its AIS width (<see cref="AisText"/>).</summary>
    public bool TextCleaned { get; init; }

    /// <summary>The fields of the types not modelled above (6-8, 10, 12-17, 20, 22, 23, 25, 26), in gpsd's names.</summary>
    public AisFields? Fields { get; init; }

    /// <summary>The text of a safety message (type 12 addressed, type 14 broadcast), as AIS-SART and MOB devices send it.</summary>
    public string? SafetyText => MessageType is 12 or 14 ? Fields?.TextOf("text") : null;

    /// <summary>True for the types that carry a vessel or station position.</summary>
    public bool HasPosition => Latitude is not null && Longitude is not null;

    /// <summary>Rate of turn in degrees per minute (ROT_AIS = 4.733 √ROT); null when not available or only a direction is known.</summary>
    public double? RateOfTurnDegreesPerMinute => RateOfTurnRaw switch
    {
        null or -128 or 127 or -127 => null,
        var raw => Math.CopySign(Math.Round(raw.Value / 4.733 * (raw.Value / 4.733), 1), raw.Value),
    };
}
