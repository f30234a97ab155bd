using System.Buffers;
using System.Text.Json;
using AisLive.Ais.AisStream;
using AisLive.Ais.Nmea;

namespace AisLive.Ais.Output;

/// <summary>
/// The <c>decode</c> command's engine: NMEA sentences or AISStream JSON lines in, one JSON object per
/// completed message out (or <c>{"error":..,"line":..}</c> per rejected line), in input order, streaming.
/// </summary>
public sealed class DecodeSession(Stream output) : IDisposable
{
    private readonly NmeaDecoder _nmea = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    // Error lines (rare, and as long as the bad input) go through one Utf8JsonWriter, reset for each.
    private readonly Utf8JsonWriter _json = new(Stream.Null, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText LineName = JsonEncodedText.Encode("line");

    public long Messages { get; private set; }

    public long Errors { get; private set; }

    public async Task RunAsync(Stream input, CancellationToken cancellationToken = default)
    {
        var reader = new BoundedLineReader(input);
        while (await reader.ReadLineAsync(cancellationToken) is (true, var line, var tooLong))
        {
            if (tooLong)
            {
                WriteError(DecodeError.LineTooLong.Describe(), line.Span, truncated: true);
            }
            else
            {
                DecodeLine(line.Span);
            }

            if (_buffer.WrittenCount > 48 * 1024)
            {
                await FlushAsync(cancellationToken);
            }
        }

        await FlushAsync(cancellationToken);
    }

    private void DecodeLine(ReadOnlySpan<byte> line)
    {
        var trimmed = line.Trim(" \t"u8);
        if (trimmed.IsEmpty)
        {
            return;
        }

        if (trimmed[0] == (byte)'{')
        {
            var frame = AisStreamDecoder.Decode(trimmed);
            switch (frame.Status)
            {
                case DecodeStatus.Message:
                    WriteMessage(frame.Message);
                    break;
                case DecodeStatus.Control when frame.UpstreamError is { } upstream:
                    WriteError($"{DecodeError.UpstreamError.Describe()}: {upstream}", line);
                    break;
                case DecodeStatus.Control:
                    break; // a subscription confirmation carries no AIS data
                default:
                    WriteError(frame.MessageTypeName is { } type ? $"{frame.Error.Describe()}: {type}" : frame.Error.Describe(), line);
                    break;
            }

            return;
        }

        var status = _nmea.Decode(trimmed, out var message, out var error);
        if (status == DecodeStatus.Message)
        {
            WriteMessage(message);
        }
        else if (status == DecodeStatus.Error)
        {
            WriteError(error.Describe(), line);
        }
    }

    private void WriteMessage(in AisMessage message)
    {
        Messages++;
        var line = new JsonLine(_buffer);
        DecodedMessageWriter.Write(ref line, message);
        line.End();
    }

    private void WriteError(string reason, ReadOnlySpan<byte> line, bool truncated = false)
    {
        Errors++;
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString(ErrorName, reason);
        // Invalid UTF-8 (random bytes) is replaced rather than failing the whole run.
        _json.WriteString(LineName, System.Text.Encoding.UTF8.GetString(line) + (truncated ? "..." : string.Empty));
        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        await output.FlushAsync(cancellationToken);
        _buffer.ResetWrittenCount();
    }

    public void Dispose() => _json.Dispose();
}
