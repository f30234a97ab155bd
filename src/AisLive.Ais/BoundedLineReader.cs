namespace AisLive.Ais;

/// <summary>
/// Reads '\n'-terminated lines from a stream through one fixed buffer, so memory stays constant however
/// long the input or its lines are. A line longer than the buffer is returned truncated, flagged
/// <c>TooLong</c>, and the rest of it is skipped.
/// </summary>
public sealed class BoundedLineReader(Stream stream, int maxLineBytes = 64 * 1024)
{
    private readonly byte[] _buffer = new byte[maxLineBytes];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Returns the next line (without '\r\n'), or false at the end of the stream.</summary>
    public async ValueTask<(bool Ok, ReadOnlyMemory<byte> Line, bool TooLong)> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, newline);
                _start += newline + 1;
                return (true, TrimCarriageReturn(line), false);
            }

            if (_eof)
            {
                if (_start == _end)
                {
                    return (false, default, false);
                }

                var last = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                return (true, TrimCarriageReturn(last), false);
            }

            if (_start == 0 && _end == _buffer.Length)
            {
                var head = _buffer.AsMemory(0, Math.Min(_end, 120)).ToArray();
                await SkipRestOfLineAsync(cancellationToken);
                return (true, head, true);
            }

            Compact();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }

    private async ValueTask SkipRestOfLineAsync(CancellationToken cancellationToken)
    {
        _start = _end = 0;
        while (true)
        {
            var read = await stream.ReadAsync(_buffer, cancellationToken);
            if (read == 0)
            {
                _eof = true;
                return;
            }

            var newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = newline + 1;
                _end = read;
                return;
            }
        }
    }

    private void Compact()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
    }

    private static ReadOnlyMemory<byte> TrimCarriageReturn(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
