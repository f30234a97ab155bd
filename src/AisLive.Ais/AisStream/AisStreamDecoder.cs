using System.Text.Json;

namespace AisLive.Ais.AisStream;

/// <summary>
/// Decodes one AISStream.io frame: <c>{"Message":{"&lt;Type&gt;":{...}},"MessageType":"&lt;Type&gt;","MetaData":{...}}</c>,
/// or a control frame (<c>{"error":"..."}</c>, <c>SubscriptionConfirmation</c>). Values are read from the
/// message body; the body's <c>Valid</c> flag is not trusted. Never throws on bad input.
/// </summary>
public static class AisStreamDecoder
{
    public static AisStreamFrame Decode(ReadOnlySpan<byte> frame)
    {
        try
        {
            return DecodeEnvelope(frame);
        }
        catch (JsonException)
        {
            return Failed(DecodeError.InvalidJson);
        }
        catch (InvalidOperationException)
        {
            return Failed(DecodeError.MissingField); // a value of the wrong JSON type
        }
        catch (FormatException)
        {
            return Failed(DecodeError.MissingField);
        }
    }

    private static AisStreamFrame Failed(DecodeError error, string? typeName = null) =>
        new() { Status = DecodeStatus.Error, Error = error, MessageTypeName = typeName };

    private static AisStreamFrame DecodeEnvelope(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Failed(DecodeError.InvalidJson);
        }

        var body = new AisStreamBody();
        var meta = new AisStreamMetaData();
        string? bodyType = null;
        string? envelopeType = null;
        var sawUnknownType = false;
        string? upstreamError = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Message"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return Failed(DecodeError.MissingField);
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = AisStreamMessageTypes.Find(reader.ValueSpan);
                    reader.Read();
                    if (name is not null && reader.TokenType == JsonTokenType.StartObject)
                    {
                        bodyType = name;
                        body.Read(ref reader);
                    }
                    else
                    {
                        sawUnknownType |= reader.TokenType == JsonTokenType.StartObject;
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("MessageType"u8))
            {
                reader.Read();
                envelopeType = reader.TokenType == JsonTokenType.String
                    ? AisStreamMessageTypes.Find(reader.ValueSpan) ?? (reader.ValueTextEquals("SubscriptionConfirmation"u8) ? "SubscriptionConfirmation" : reader.GetString())
                    : throw new FormatException();
            }
            else if (reader.ValueTextEquals("MetaData"u8))
            {
                reader.Read();
                meta.Read(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                upstreamError = reader.TokenType == JsonTokenType.String ? reader.GetString() : "(non-string error)";
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (upstreamError is not null)
        {
            return new AisStreamFrame { Status = DecodeStatus.Control, Error = DecodeError.UpstreamError, UpstreamError = upstreamError };
        }

        if (envelopeType == "SubscriptionConfirmation")
        {
            return new AisStreamFrame { Status = DecodeStatus.Control, MessageTypeName = envelopeType };
        }

        var typeName = bodyType ?? envelopeType;
        if (bodyType is null)
        {
            var knownType = envelopeType is not null && AisStreamMessageTypes.MessageIdOf(envelopeType) > 0 || envelopeType == "UnknownMessage";
            return Failed(sawUnknownType || (envelopeType is not null && !knownType) ? DecodeError.UnknownMessageType : DecodeError.MissingField, envelopeType);
        }

        var mmsi = body.UserId ?? meta.Mmsi;
        if (mmsi is null)
        {
            return Failed(DecodeError.MissingField, typeName);
        }

        var messageId = body.MessageId ?? AisStreamMessageTypes.MessageIdOf(bodyType);
        var message = body.ToMessage(messageId, new Mmsi(mmsi.Value), meta.TimeUtc);
        return new AisStreamFrame { Status = DecodeStatus.Message, Message = message, MessageTypeName = typeName };
    }
}
