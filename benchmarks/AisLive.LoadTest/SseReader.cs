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

    public static async Task ReadAsync(Stream stream, LatencyRecorder latencies, CancellationToken cancellationToken)
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

                var now = DateTimeOffset.UtcNow;
                var data = buffer.AsSpan(0, carry + read);
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
                    if (end > 0 && DateTimeOffset.TryParse(Encoding.ASCII.GetString(data.Slice(start, end)), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var sent))
                    {
                        latencies.Add((now - sent).TotalMilliseconds);
                    }

                    consumed = start + Math.Max(end, 0);
                }

                // Keep an unfinished tail for the next read.
                var tail = Math.Min(data.Length - consumed, 256);
                data[^tail..].CopyTo(buffer);
                carry = tail;
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
}
