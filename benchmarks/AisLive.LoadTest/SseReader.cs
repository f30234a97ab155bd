using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace AisLive.LoadTest;

/// <summary>
/// A lean SSE client for many connections at once: it scans the raw bytes for each position event's
/// <c>"timestamp":"</c> (the sender's clock, the same machine's) and records now minus that, without
/// deserialising the JSON.
/// </summary>
public static class SseReader
{
    private static readonly byte[] Marker = "\"timestamp\":\""u8.ToArray();

    /// <summary>The longest unfinished tail <see cref="Scan"/> leaves for the next read.</summary>
    public const int MaxCarry = 256;

    /// <param name="notBefore">Events sent before this (a snapshot of older states on connect) are not counted.</param>
    public static async Task ReadAsync(Stream stream, LatencyRecorder latencies, CancellationToken cancellationToken, DateTimeOffset notBefore = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var carry = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(carry), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                carry = Scan(buffer.AsSpan(0, carry + read), DateTimeOffset.UtcNow, latencies, notBefore);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            // the run ended
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Records the latency of every whole event in <paramref name="data"/>, then moves its unfinished tail (at most
    /// <see cref="MaxCarry"/> bytes) to the start of <paramref name="data"/> and returns its length.
    /// </summary>
    public static int Scan(Span<byte> data, DateTimeOffset now, LatencyRecorder latencies, DateTimeOffset notBefore)
    {
        var consumed = 0;
        while (true)
        {
            var at = data[consumed..].IndexOf(Marker);
            if (at < 0 || consumed + at + Marker.Length + 40 > data.Length)
            {
                break;
            }

            var start = consumed + at + Marker.Length;
            var end = data[start..].IndexOf((byte)'"');
            latencies.Saw();
            if (end > 0 && TryParseTime(data.Slice(start, end), out var sent) && sent >= notBefore)
            {
                latencies.Add((now - sent).TotalMilliseconds);
            }

            consumed = start + Math.Max(end, 0);
        }

        var tail = Math.Min(data.Length - consumed, MaxCarry);
        data[^tail..].CopyTo(data);
        return tail;
    }

    /// <summary>The round-trip ("O") form without allocating; other ISO forms (trimmed fractions) the slow way.</summary>
    private static bool TryParseTime(ReadOnlySpan<byte> text, out DateTimeOffset value) =>
        (Utf8Parser.TryParse(text, out value, out var used, 'O') && used == text.Length)
        || DateTimeOffset.TryParse(Encoding.ASCII.GetString(text), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out value);
}
