using AisLive.Ais.AisStream;

namespace AisLive.Server.Ingest.AisStream;

public static class UpstreamError
{
    /// <summary>An <c>{"error":...}</c> frame's text, or null when the frame is data (checked by prefix, without parsing data).</summary>
    public static string? ErrorText(ReadOnlySpan<byte> frame)
    {
        var trimmed = frame.TrimStart(" \t\r\n"u8);
        if (!trimmed.StartsWith("{\"error\""u8))
        {
            return null;
        }

        return AisStreamDecoder.Decode(frame).UpstreamError ?? "(unreadable error frame)";
    }

    public static UpstreamErrorKind Classify(string text) =>
        text.Contains("api key", StringComparison.OrdinalIgnoreCase) || text.Contains("malformed", StringComparison.OrdinalIgnoreCase) ? UpstreamErrorKind.Rejected
        : text.Contains("concurrent", StringComparison.OrdinalIgnoreCase) || text.Contains("too many", StringComparison.OrdinalIgnoreCase) ? UpstreamErrorKind.RateLimited
        : UpstreamErrorKind.Transient;
}
