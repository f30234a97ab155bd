using System.Text.Json;

namespace AisLive.Ais.AisStream;

/// <summary>
/// The fields of one AISStream message body, read by name whatever the message type (the same name means
/// the same thing across types), then turned into an <see cref="AisMessage"/> with sentinels made null.
/// </summary>
internal struct AisStreamBody
{
    public int? MessageId;
    public uint? UserId;
    private int? _repeat, _navStatus, _rot, _heading, _second, _maneuver, _epfd, _dte, _aisVersion, _altitude, _typeField;
    private int? _utcYear, _utcMonth, _utcDay, _utcHour, _utcMinute, _imo, _partNumber, _model, _serial;
    private double? _sog, _cog, _lat, _lon, _draught;
    private bool? _accuracy, _raim, _assigned, _offPosition, _virtualAid;
    private string? _name, _nameExtension, _callSign, _destination, _vendor, _text;
    private Dimensions _dimensions;
    private (int? Month, int? Day, int? Hour, int? Minute) _eta;

    public void Read(ref Utf8JsonReader reader)
    {
        Span<char> buffer = stackalloc char[48];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = AisStreamJson.Name(in reader, buffer);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            switch (name)
            {
                case "MessageID": MessageId = AisStreamJson.Int(ref reader); break;
                case "UserID": UserId = AisStreamJson.UInt(ref reader); break;
                case "RepeatIndicator": _repeat = AisStreamJson.Int(ref reader); break;
                case "NavigationalStatus": _navStatus = AisStreamJson.Int(ref reader); break;
                case "RateOfTurn": _rot = AisStreamJson.Int(ref reader); break;
                case "Sog": _sog = AisStreamJson.Double(ref reader); break;
                case "Cog": _cog = AisStreamJson.Double(ref reader); break;
                case "Latitude": _lat = AisStreamJson.Double(ref reader); break;
                case "Longitude": _lon = AisStreamJson.Double(ref reader); break;
                case "TrueHeading": _heading = AisStreamJson.Int(ref reader); break;
                case "Timestamp" or "UtcSecond": _second = AisStreamJson.Int(ref reader); break;
                case "SpecialManoeuvreIndicator": _maneuver = AisStreamJson.Int(ref reader); break;
                case "PositionAccuracy": _accuracy = AisStreamJson.Bool(ref reader); break;
                case "Raim": _raim = AisStreamJson.Bool(ref reader); break;
                case "AssignedMode": _assigned = AisStreamJson.Bool(ref reader); break;
                case "OffPosition": _offPosition = AisStreamJson.Bool(ref reader); break;
                case "VirtualAtoN": _virtualAid = AisStreamJson.Bool(ref reader); break;
                case "FixType" or "Fixtype": _epfd = AisStreamJson.Int(ref reader); break;
                case "Dte": _dte = AisStreamJson.Int(ref reader); break;
                case "AisVersion": _aisVersion = AisStreamJson.Int(ref reader); break;
                case "Altitude": _altitude = AisStreamJson.Int(ref reader); break;
                case "Type" or "ShipType": _typeField = AisStreamJson.Int(ref reader); break;
                case "UtcYear": _utcYear = AisStreamJson.Int(ref reader); break;
                case "UtcMonth": _utcMonth = AisStreamJson.Int(ref reader); break;
                case "UtcDay": _utcDay = AisStreamJson.Int(ref reader); break;
                case "UtcHour": _utcHour = AisStreamJson.Int(ref reader); break;
                case "UtcMinute": _utcMinute = AisStreamJson.Int(ref reader); break;
                case "ImoNumber": _imo = AisStreamJson.Int(ref reader); break;
                case "MaximumStaticDraught": _draught = AisStreamJson.Double(ref reader); break;
                case "Name": _name = AisStreamJson.Text(ref reader); break;
                case "NameExtension": _nameExtension = AisStreamJson.Text(ref reader); break;
                case "CallSign": _callSign = AisStreamJson.Text(ref reader); break;
                case "Destination": _destination = AisStreamJson.Text(ref reader); break;
                case "PartNumber": _partNumber = AisStreamJson.Int(ref reader); break;
                case "VendorIDName": _vendor = AisStreamJson.Text(ref reader); break;
                case "Text": _text = AisStreamJson.Text(ref reader); break;
                case "VenderIDModel": _model = AisStreamJson.Int(ref reader); break;
                case "VenderIDSerial": _serial = AisStreamJson.Int(ref reader); break;
                case "Dimension": _dimensions = Dimensions.Read(ref reader); break;
                case "Eta": ReadEta(ref reader); break;
                case "ReportA" or "ReportB": ReadNestedReport(ref reader); break;
                default: reader.Skip(); break;
            }
        }
    }

    public AisMessage ToMessage(int messageId, Mmsi mmsi, DateTimeOffset? timeUtc)
    {
        var cleaned = CleanText(messageId == 21);
        var isAircraft = messageId == 9;
        var isAid = messageId == 21;
        return new AisMessage
        {
            MessageType = messageId,
            Repeat = _repeat ?? 0,
            Mmsi = mmsi,
            NavigationStatus = _navStatus,
            RateOfTurnRaw = _rot,
            // Only the sentinel means "not available"; anything else out of range is the pipeline's to null and count.
            SpeedKnots = _sog is { } sog && Math.Abs(sog - (isAircraft ? 1023 : 102.3)) >= 0.05 ? sog : null,
            PositionAccuracy = _accuracy,
            Longitude = _lon is { } lon && lon != 181 ? lon : null,
            Latitude = _lat is { } lat && lat != 91 ? lat : null,
            CourseDegrees = _cog is { } cog && cog != 360 ? cog : null,
            HeadingDegrees = _heading is { } heading && heading != 511 ? heading : null,
            UtcSecond = _second,
            ManeuverIndicator = _maneuver,
            Raim = _raim,
            UtcYear = _utcYear,
            UtcMonth = _utcMonth,
            UtcDay = _utcDay,
            UtcHour = _utcHour,
            UtcMinute = _utcMinute,
            Epfd = _epfd,
            Dte = _dte,
            AisVersion = _aisVersion,
            Assigned = _assigned,
            AltitudeMeters = _altitude,
            AidType = isAid ? _typeField : null,
            OffPosition = _offPosition,
            VirtualAid = _virtualAid,
            TimestampUtc = timeUtc,
            Static = HasStaticData ? ToStaticData(isAid) : null,

            // Safety text (types 12 and 14) is what AIS-SART and MOB devices send; the distress rule reads it.
            Fields = _text is not null && messageId is 12 or 14 ? new AisFields().Text("text", _text) : null,
            TextCleaned = cleaned,
        };
    }

    /// <summary>JSON text is any string: cut every text field to what AIS allows before anything reads it.</summary>
    private bool CleanText(bool isAid)
    {
        var cleaned = false;
        _name = isAid && _nameExtension is not null
            ? AisText.Clean(string.Concat(_name, AisText.Clean(_nameExtension, AisText.AidNameExtensionChars, ref cleaned)), AisText.AidNameChars, ref cleaned)
            : AisText.Clean(_name, isAid ? AisText.AidNameChars : AisText.ShipNameChars, ref cleaned);
        _callSign = AisText.Clean(_callSign, AisText.CallSignChars, ref cleaned);
        _destination = AisText.Clean(_destination, AisText.DestinationChars, ref cleaned);
        _vendor = AisText.Clean(_vendor, AisText.VendorIdChars, ref cleaned);
        _text = AisText.Clean(_text, AisText.SafetyTextChars, ref cleaned);
        return cleaned;
    }

    private readonly bool HasStaticData =>
        _name is not null || _callSign is not null || _destination is not null || _imo is not null || _partNumber is not null
        || _dimensions.Present || (_typeField is not null && MessageId != 21);

    private readonly AisStaticData ToStaticData(bool isAid) => new()
    {
        ShipName = isAid ? null : _name,
        AidName = isAid ? _name : null, // with its extension (CleanText)
        CallSign = _callSign,
        ImoNumber = _imo,
        ShipType = isAid ? null : _typeField,
        ToBowMeters = _dimensions.A,
        ToSternMeters = _dimensions.B,
        ToPortMeters = _dimensions.C,
        ToStarboardMeters = _dimensions.D,
        EtaMonth = _eta.Month,
        EtaDay = _eta.Day,
        EtaHour = _eta.Hour,
        EtaMinute = _eta.Minute,
        DraughtMeters = _draught,
        Destination = _destination,
        PartNumber = _partNumber,
        VendorId = _vendor,
        UnitModel = _model,
        SerialNumber = _serial,
    };

    private void ReadEta(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException();
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("Month"u8) ? 0 : reader.ValueTextEquals("Day"u8) ? 1 : reader.ValueTextEquals("Hour"u8) ? 2 : reader.ValueTextEquals("Minute"u8) ? 3 : -1;
            reader.Read();
            if (field < 0)
            {
                reader.Skip();
                continue;
            }

            var value = AisStreamJson.Int(ref reader);
            _eta = field switch
            {
                0 => _eta with { Month = value },
                1 => _eta with { Day = value },
                2 => _eta with { Hour = value },
                _ => _eta with { Minute = value },
            };
        }
    }

    /// <summary>
    /// Type 24 nests its parts as <c>ReportA</c>/<c>ReportB</c>; AISStream fills both and marks the absent
    /// one <c>Valid:false</c>, so only the part named by <c>PartNumber</c> is kept (see <see cref="ToMessage"/>).
    /// The nested fields are read into this same body, the absent part being empty strings and zeros.
    /// </summary>
    private void ReadNestedReport(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException();
        }

        var nested = new AisStreamBody();
        nested.Read(ref reader);
        var isPartA = nested._callSign is null && nested._typeField is null && !nested._dimensions.Present;
        if (isPartA)
        {
            _name ??= nested._name is { Length: > 0 } ? nested._name : null;
            return;
        }

        if (nested._callSign is { Length: > 0 } || nested._typeField is > 0 || nested._dimensions.Present && nested._dimensions.Any)
        {
            _callSign = nested._callSign;
            _typeField = nested._typeField;
            _dimensions = nested._dimensions;
            _vendor = nested._vendor;
            _model = nested._model;
            _serial = nested._serial;
            _epfd = nested._epfd;
        }
    }

    private readonly record struct Dimensions(int? A, int? B, int? C, int? D)
    {
        public bool Present => A is not null || B is not null || C is not null || D is not null;

        public bool Any => A > 0 || B > 0 || C > 0 || D > 0;

        public static Dimensions Read(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException();
            }

            var result = default(Dimensions);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var which = reader.ValueSpan.Length == 1 ? reader.ValueSpan[0] : (byte)0;
                reader.Read();
                result = which switch
                {
                    (byte)'A' => result with { A = AisStreamJson.Int(ref reader) },
                    (byte)'B' => result with { B = AisStreamJson.Int(ref reader) },
                    (byte)'C' => result with { C = AisStreamJson.Int(ref reader) },
                    (byte)'D' => result with { D = AisStreamJson.Int(ref reader) },
                    _ => Skip(ref reader, result),
                };
            }

            return result;
        }

        private static Dimensions Skip(ref Utf8JsonReader reader, Dimensions result)
        {
            reader.Skip();
            return result;
        }
    }
}
