using System.Text.Json;

namespace AisLive.Ais.AisStream;

/// <summary>The envelope's <c>MetaData</c>: the MMSI (as number or string) and the Go-style receive time.</summary>
internal struct AisStreamMetaData
{
    public uint? Mmsi;
    public DateTimeOffset? TimeUtc;

    public void Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException();
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("MMSI"u8) || reader.ValueTextEquals("MMSI_String"u8))
            {
                reader.Read();
                Mmsi ??= AisStreamJson.UInt(ref reader);
            }
            else if (reader.ValueTextEquals("time_utc"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && GoTime.TryParse(reader.ValueSpan, out var time))
                {
                    TimeUtc = time;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }
}
