namespace AisLive.Ais;

/// <summary>Why a line or frame produced no message. Reasons are an enum so counting them allocates nothing.</summary>
public enum DecodeError
{
    None = 0,
    NotAis,
    LineTooLong,
    MissingChecksum,
    BadChecksum,
    WrongFieldCount,
    BadFragmentFields,
    EmptyPayload,
    BadFillBits,
    IllegalPayloadCharacter,
    PayloadTooLong,
    PayloadTooShort,
    OrphanFragment,
    InvalidJson,
    MissingField,
    UnknownMessageType,
    UpstreamError,
    ReservedPartNumber,
}

public static class DecodeErrorText
{
    /// <summary>The stable, human-readable reason written by <c>decode</c> and used as a metric tag.</summary>
    public static string Describe(this DecodeError error) => error switch
    {
        DecodeError.None => "none",
        DecodeError.NotAis => "not an AIVDM/AIVDO sentence",
        DecodeError.LineTooLong => "line too long",
        DecodeError.MissingChecksum => "missing checksum",
        DecodeError.BadChecksum => "bad checksum",
        DecodeError.WrongFieldCount => "wrong number of fields",
        DecodeError.BadFragmentFields => "bad fragment count, number or sequence id",
        DecodeError.EmptyPayload => "empty payload",
        DecodeError.BadFillBits => "fill bits out of range",
        DecodeError.IllegalPayloadCharacter => "illegal 6-bit payload character",
        DecodeError.PayloadTooLong => "payload too long",
        DecodeError.PayloadTooShort => "payload too short for its message type",
        DecodeError.OrphanFragment => "fragment without its predecessor",
        DecodeError.InvalidJson => "invalid JSON",
        DecodeError.MissingField => "missing or mistyped field",
        DecodeError.UnknownMessageType => "unknown message type",
        DecodeError.UpstreamError => "upstream error frame",
        DecodeError.ReservedPartNumber => "type 24 with a reserved part number (2 or 3)",
        _ => error.ToString(),
    };

    /// <summary>A short, tag-safe name for metrics ("bad_checksum").</summary>
    public static string MetricName(this DecodeError error) => error switch
    {
        DecodeError.NotAis => "not_ais",
        DecodeError.LineTooLong => "line_too_long",
        DecodeError.MissingChecksum => "missing_checksum",
        DecodeError.BadChecksum => "bad_checksum",
        DecodeError.WrongFieldCount => "wrong_field_count",
        DecodeError.BadFragmentFields => "bad_fragment_fields",
        DecodeError.EmptyPayload => "empty_payload",
        DecodeError.BadFillBits => "bad_fill_bits",
        DecodeError.IllegalPayloadCharacter => "illegal_character",
        DecodeError.PayloadTooLong => "payload_too_long",
        DecodeError.PayloadTooShort => "payload_too_short",
        DecodeError.OrphanFragment => "orphan_fragment",
        DecodeError.InvalidJson => "invalid_json",
        DecodeError.MissingField => "missing_field",
        DecodeError.UnknownMessageType => "unknown_type",
        DecodeError.UpstreamError => "upstream_error",
        DecodeError.ReservedPartNumber => "reserved_part_number",
        _ => "none",
    };
}
