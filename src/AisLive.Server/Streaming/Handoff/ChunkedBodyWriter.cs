using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AisLive.Server.Streaming.Handoff;

/// <summary>
/// A handed-off response's body: HTTP/1.1 chunks, written straight to the connection. Each <see cref="Advance"/> is
/// one chunk; its size goes in a prefix reserved by <see cref="GetMemory"/>, as eight hex digits (leading zeros are
/// allowed in a chunk size), so nothing is copied. Kestrel's minimum response data rate still holds: a flush that
/// waits longer than its grace period plus its bytes at that rate aborts the connection, as Kestrel would.
/// </summary>
internal sealed class ChunkedBodyWriter(ConnectionContext connection, MinDataRate? minimumRate) : PipeWriter
{
    private const int PrefixLength = 10; // "0000ABCD\r\n"
    private const int SuffixLength = 2;  // "\r\n"
    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    private readonly PipeWriter _connection = connection.Transport.Output;
    private Memory<byte> _chunk; // what GetMemory returned, prefix and suffix included
    private long _unflushed;
    private ITimer? _tooSlow; // made on the first flush that has to wait: most streams never need it

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        _chunk = _connection.GetMemory(PrefixLength + Math.Max(sizeHint, 1) + SuffixLength);
        return _chunk[PrefixLength..^SuffixLength];
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        if (bytes == 0)
        {
            return; // a zero-length chunk would end the body
        }

        var chunk = _chunk.Span;
        Utf8Formatter.TryFormat((uint)bytes, chunk, out _, new StandardFormat('X', 8));
        "\r\n"u8.CopyTo(chunk[8..]);
        "\r\n"u8.CopyTo(chunk[(PrefixLength + bytes)..]);
        _connection.Advance(PrefixLength + bytes + SuffixLength);
        _unflushed += bytes;
    }

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushing = _connection.FlushAsync(cancellationToken);
        if (!flushing.IsCompleted && minimumRate is { } rate)
        {
            // The client is not taking what was sent (its socket's buffers are full): give it the time Kestrel would.
            _tooSlow ??= TimeProvider.System.CreateTimer(static state => ((ConnectionContext)state!).Abort(new ConnectionAbortedException("The client read the stream too slowly.")), connection, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _tooSlow.Change(rate.GracePeriod + TimeSpan.FromSeconds(_unflushed / rate.BytesPerSecond), Timeout.InfiniteTimeSpan);
        }

        _unflushed = 0;
        try
        {
            return await flushing;
        }
        finally
        {
            _tooSlow?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public override void CancelPendingFlush() => _connection.CancelPendingFlush();

    /// <summary>The body ends: its last chunk goes out. The connection stays the caller's to close.</summary>
    public override void Complete(Exception? exception = null)
    {
        if (exception is null)
        {
            _connection.Write(LastChunk);
        }

        _tooSlow?.Dispose();
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        Complete(exception);
        return ValueTask.CompletedTask;
    }
}
