using System.IO.Pipelines;

namespace AisLive.Server.Streaming.Handoff;

/// <summary>
/// The connection as Kestrel's HTTP/1.1 code sees it: the connection itself until <see cref="Close"/>, then a
/// connection whose client has finished: reads end and writes go nowhere. Kestrel then ends the request (the last
/// chunk it writes is dropped), finds no next request, and lets go of everything it held for the connection, while
/// the real connection stays open for the handed-off body.
/// </summary>
internal sealed class HttpSideTransport(IDuplexPipe connection) : IDuplexPipe
{
    private readonly Reader _input = new(connection.Input);
    private readonly Writer _output = new(connection.Output);

    public PipeReader Input => _input;

    public PipeWriter Output => _output;

    /// <summary>From now on Kestrel's reads end and its writes are dropped. Called between Kestrel's writes: after a flush, while the request's code runs.</summary>
    public void Close()
    {
        _output.Closed = true;
        _input.Close();
    }

    private sealed class Reader(PipeReader connection) : PipeReader
    {
        private static readonly ReadResult Finished = new(default, isCanceled: false, isCompleted: true);
        private volatile bool _closed;

        public void Close()
        {
            _closed = true;
            connection.CancelPendingRead(); // a read Kestrel has waiting (none, for a request without a body) ends now
        }

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            if (_closed)
            {
                return Finished;
            }

            var result = await connection.ReadAsync(cancellationToken);
            if (_closed)
            {
                connection.AdvanceTo(result.Buffer.Start); // nothing consumed: the connection is the body's now
                return Finished;
            }

            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            if (_closed)
            {
                result = Finished;
                return true;
            }

            return connection.TryRead(out result);
        }

        public override void AdvanceTo(SequencePosition consumed)
        {
            if (!_closed)
            {
                connection.AdvanceTo(consumed);
            }
        }

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            if (!_closed)
            {
                connection.AdvanceTo(consumed, examined);
            }
        }

        public override void CancelPendingRead()
        {
            if (!_closed)
            {
                connection.CancelPendingRead();
            }
        }

        public override void Complete(Exception? exception = null)
        {
            if (!_closed)
            {
                connection.Complete(exception);
            }
        }
    }

    private sealed class Writer(PipeWriter connection) : PipeWriter
    {
        // What Kestrel writes after the hand-off (the response's last chunk) lands here and is never read, so one
        // buffer serves every connection.
        private static readonly byte[] Discard = new byte[4096];

        public volatile bool Closed;

        public override bool CanGetUnflushedBytes => connection.CanGetUnflushedBytes;

        public override long UnflushedBytes => Closed ? 0 : connection.UnflushedBytes;

        public override Memory<byte> GetMemory(int sizeHint = 0) =>
            !Closed ? connection.GetMemory(sizeHint) : sizeHint <= Discard.Length ? Discard : new byte[sizeHint];

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            if (!Closed)
            {
                connection.Advance(bytes);
            }
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
            Closed ? default : connection.FlushAsync(cancellationToken);

        public override void CancelPendingFlush()
        {
            if (!Closed)
            {
                connection.CancelPendingFlush();
            }
        }

        public override void Complete(Exception? exception = null)
        {
            if (!Closed)
            {
                connection.Complete(exception);
            }
        }
    }
}
