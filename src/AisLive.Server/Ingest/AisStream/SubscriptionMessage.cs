using System.Text.Json;

namespace AisLive.Server.Ingest.AisStream;

/// <summary>The subscription AISStream expects within 3 s of connecting. It carries the API key: never log it.</summary>
public static class SubscriptionMessage
{
    private static readonly List<List<List<double>>> World = [[[-90, -180], [90, 180]]];

    public static byte[] Create(AisStreamOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("APIKey", options.ApiKey);
            json.WriteStartArray("BoundingBoxes");
            foreach (var box in options.BoundingBoxes.Count > 0 ? options.BoundingBoxes : World)
            {
                json.WriteStartArray();
                foreach (var corner in box)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(corner[0]);
                    json.WriteNumberValue(corner[1]);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            if (options.FiltersShipMMSI.Count > 0)
            {
                json.WriteStartArray("FiltersShipMMSI");
                options.FiltersShipMMSI.ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }

            if (options.FilterMessageTypes.Count > 0)
            {
                json.WriteStartArray("FilterMessageTypes");
                options.FilterMessageTypes.ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
