using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using AisLive.Server.Streaming.Handoff;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AisLive.Server.Tests.Live.Handoff;

/// <summary>The handed-off body's framing and its minimum data rate, over a real pipe (the connection's output stands in for the socket).</summary>
public sealed class ChunkedBodyWriterTests
{
    [Fact]
    public async Task Writes_AreHttpChunks_AndCompleteEndsTheBody()
    {
        var output = new Pipe();
        await using var connection = new DefaultConnectionContext("c1", new DuplexPipe(new Pipe().Reader, output.Writer), new DuplexPipe(output.Reader, new Pipe().Writer));
        var body = new ChunkedBodyWriter(connection, minimumRate: null);
        var large = new string('x', 70_000); // more than one pipe segment: written as several chunks
        var reading = ReadAllAsync(output.Reader);

        body.Write("event: a\ndata: 1\n\n"u8);
        body.Write(Encoding.UTF8.GetBytes(large));
        await body.FlushAsync();
        await body.CompleteAsync();
        await output.Writer.FlushAsync();
        await output.Writer.CompleteAsync();

        var wire = await reading;
        var (decoded, ended) = Dechunk(wire);
        decoded.ShouldBe("event: a\ndata: 1\n\n" + large);
        ended.ShouldBeTrue("the body ends with a zero-length chunk");
    }

    [Fact]
    public async Task Flush_ToAClientThatDoesNotRead_AbortsTheConnectionAfterTheGracePeriod()
    {
        var output = new Pipe(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512)); // a full socket: nothing is read
        await using var connection = new DefaultConnectionContext("c2", new DuplexPipe(new Pipe().Reader, output.Writer), new DuplexPipe(output.Reader, new Pipe().Writer));
        var body = new ChunkedBodyWriter(connection, new MinDataRate(bytesPerSecond: 1_000_000, gracePeriod: TimeSpan.FromSeconds(1.5)));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onClosed = connection.ConnectionClosed.Register(closed.SetResult);

        body.Write(new byte[4096]);
        var flushing = body.FlushAsync();

        flushing.IsCompleted.ShouldBeFalse("the reader takes nothing, so the flush waits");
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30)); // aborted: 1.5 s of grace plus 4 KB at 1 MB/s
        await output.Reader.CompleteAsync();
        await flushing;
    }

    private static async Task<byte[]> ReadAllAsync(PipeReader reader)
    {
        using var all = new MemoryStream();
        await reader.CopyToAsync(all);
        return all.ToArray();
    }

    /// <summary>RFC 9112 chunked decoding: the body, and whether the last (zero-length) chunk came.</summary>
    private static (string Body, bool Ended) Dechunk(byte[] wire)
    {
        var text = Encoding.ASCII.GetString(wire);
        var body = new StringBuilder();
        var at = 0;
        while (at < text.Length)
        {
            var lineEnd = text.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(text[at..lineEnd], 16);
            if (size == 0)
            {
                return (body.ToString(), text[(lineEnd + 2)..] == "\r\n");
            }

            body.Append(text, lineEnd + 2, size);
            text.Substring(lineEnd + 2 + size, 2).ShouldBe("\r\n");
            at = lineEnd + 2 + size + 2;
        }

        return (body.ToString(), false);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
