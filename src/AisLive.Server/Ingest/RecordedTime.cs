using AisLive.Ais.AisStream;

namespace AisLive.Server.Ingest;

/// <summary>Finds when a recorded line was sent without decoding it: AISStream <c>time_utc</c> or an NMEA tag block <c>c:</c>.</summary>
public static class RecordedTime
{
    public static DateTimeOffset? Find(ReadOnlySpan<byte> line)
    {
        var at = line.IndexOf("\"time_utc\":\""u8);
        if (at >= 0)
        {
            var value = line[(at + 12)..];
            var end = value.IndexOf((byte)'"');
            return end > 0 && GoTime.TryParse(value[..end], out var time) ? time : null;
        }

        return RecordingFormat.TagTime(line);
    }
}
