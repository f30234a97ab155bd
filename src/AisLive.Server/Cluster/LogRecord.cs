using System.IO.Hashing;
using System.Text.Json;
using System.Text.Json.Serialization;
using AisLive.Ais;
using AisLive.Server.Pipeline;

namespace AisLive.Server.Cluster;

/// <summary>
/// A decoded message as the cluster's log carries it: the message itself (JSON, so <c>nats stream view</c> shows
/// it readably and every node reads exactly what the leader decoded, multi-sentence messages included), when it
/// was sent and when the leader received it. The log's message id is derived from the message and when it was sent,
/// not from when it was received, so a republish or a second copy of the same report adds nothing.
/// </summary>
public static class LogRecord
{
    public static byte[] Encode(in DecodedMessage decoded) =>
        JsonSerializer.SerializeToUtf8Bytes(new LogRecordBody(decoded.Message, decoded.TimestampUtc, decoded.ReceivedAtUtc), LogRecordJson.Default.LogRecordBody);

    /// <summary>The message back, stamped with this node's monotonic clock for its own latency measures.</summary>
    public static DecodedMessage Decode(ReadOnlySpan<byte> data, long receivedTimestamp)
    {
        var body = JsonSerializer.Deserialize(data, LogRecordJson.Default.LogRecordBody) ?? throw new JsonException("empty log record");
        return new DecodedMessage(body.Message, body.Timestamp, body.ReceivedAt, receivedTimestamp);
    }

    /// <summary>False for data that is not a record (written by something else, or a newer version's).</summary>
    public static bool TryDecode(byte[]? data, long receivedTimestamp, out DecodedMessage decoded)
    {
        try
        {
            decoded = data is { Length: > 0 } ? Decode(data, receivedTimestamp) : default;
            return data is { Length: > 0 };
        }
        catch (JsonException)
        {
            decoded = default;
            return false;
        }
    }

    /// <summary>MMSI, type, send time and a hash of the message's content: the same report gives the same id on any node.</summary>
    public static string MessageId(in DecodedMessage decoded)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(decoded.Message, LogRecordJson.Default.AisMessage);
        var hash = XxHash3.HashToUInt64(content);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{decoded.Message.Mmsi.Value}-{decoded.Message.MessageType}-{decoded.TimestampUtc.UtcTicks}-{hash:x16}");
    }
}

public sealed record LogRecordBody(AisMessage Message, DateTimeOffset Timestamp, DateTimeOffset ReceivedAt);

[JsonSourceGenerationOptions(IgnoreReadOnlyProperties = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(MmsiJsonConverter), typeof(AisFieldsJsonConverter)])]
[JsonSerializable(typeof(LogRecordBody))]
[JsonSerializable(typeof(AisMessage))]
internal sealed partial class LogRecordJson : JsonSerializerContext;

/// <summary>An MMSI as its number.</summary>
internal sealed class MmsiJsonConverter : JsonConverter<Mmsi>
{
    public override Mmsi Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetUInt32());

    public override void Write(Utf8JsonWriter writer, Mmsi value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}

/// <summary>The fields of the less common types as <c>[name, kind, number, text]</c> arrays, in order; an array field adds its rows, each such an array of fields.</summary>
internal sealed class AisFieldsJsonConverter : JsonConverter<AisFields>
{
    public override AisFields Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = new AisFields();
        Expect(reader.TokenType == JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var name = reader.GetString() ?? throw new JsonException("field without a name");
            reader.Read();
            var kind = (AisFieldKind)reader.GetInt32();
            reader.Read();
            var number = reader.GetDouble();
            reader.Read();
            var text = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            reader.Read();
            List<AisFields>? rows = null;
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                rows = [];
                while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                {
                    rows.Add(Read(ref reader, typeToConvert, options));
                }

                Expect(reader.TokenType == JsonTokenType.EndArray);
                reader.Read();
            }

            Expect(reader.TokenType == JsonTokenType.EndArray);
            _ = kind switch
            {
                AisFieldKind.Rows => fields.Rows(name, rows ?? []),
                AisFieldKind.Whole => fields.Whole(name, (long)number),
                AisFieldKind.Scaled => fields.Scaled(name, number),
                AisFieldKind.Flag => fields.Flag(name, number != 0),
                AisFieldKind.Text => fields.Text(name, text ?? string.Empty),
                _ => throw new JsonException($"unknown field kind {kind}"),
            };
        }

        Expect(reader.TokenType == JsonTokenType.EndArray);
        return fields;
    }

    public override void Write(Utf8JsonWriter writer, AisFields value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var field in value.All)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(field.Name);
            writer.WriteNumberValue((int)field.Kind);
            writer.WriteNumberValue(field.Number);
            if (field.Text is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(field.Text);
            }

            if (field.Rows is { } rows)
            {
                writer.WriteStartArray();
                foreach (var row in rows)
                {
                    Write(writer, row, options);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static void Expect(bool condition)
    {
        if (!condition)
        {
            throw new JsonException("AIS fields are an array of [name, kind, number, text] arrays");
        }
    }
}
