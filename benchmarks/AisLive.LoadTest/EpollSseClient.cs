using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace AisLive.LoadTest;

/// <summary>
/// Many EventSource connections read by one thread, so that the client is not what a fan-out comparison measures.
/// An async reader per connection (<see cref="SseReader.ReadAsync"/>) wakes for every read, and a server that writes
/// each event on its own (nchan) then costs the client about 7 µs of CPU per event: more than the server. Here
/// level-triggered epoll says which sockets have data, each is read once per round, and the thread pauses between
/// rounds, so that a connection's events arrive in one read rather than one each. The pause is the price: every
/// latency includes up to one pause of waiting in the client's socket, for both servers alike.
/// Linux on x86-64 only (the layout of <c>epoll_event</c>), like the rest of the load tool's machine.
/// </summary>
internal sealed partial class EpollSseClient : IDisposable
{
    private const int EpollIn = 0x001;
    private const int EpollCtlAdd = 1;
    private readonly List<Socket> _sockets;
    private readonly byte[][] _carry; // each connection's unfinished tail, at most SseReader.MaxCarry bytes
    private readonly int[] _carried;
    private readonly int _epoll;
    private Thread? _reader;
    private volatile bool _stopping;
    private long _countFromTicks = DateTimeOffset.MaxValue.UtcTicks;

    private EpollSseClient(List<Socket> sockets, List<byte[]> firstBytes)
    {
        if (RuntimeInformation.OSArchitecture != Architecture.X64 || !OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the epoll client is written for Linux on x86-64");
        }

        _sockets = sockets;
        _carry = sockets.Select(_ => new byte[SseReader.MaxCarry]).ToArray();
        _carried = new int[sockets.Count];
        _epoll = epoll_create1(0);
        for (var i = 0; i < sockets.Count; i++)
        {
            // What came with the response headers (events sent before any measurement) leaves its unfinished tail
            // for the first read, as any read does.
            var first = firstBytes[i].AsSpan(Math.Max(0, firstBytes[i].Length - SseReader.MaxCarry));
            first.CopyTo(_carry[i]);
            _carried[i] = first.Length;
            sockets[i].Blocking = false;
            var registration = new EpollEvent { Events = EpollIn, Data = (ulong)i };
            if (epoll_ctl(_epoll, EpollCtlAdd, (int)sockets[i].Handle, ref registration) != 0)
            {
                throw new IOException($"epoll_ctl failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }

    /// <summary>Opens one connection per request path, each past its <c>200</c> response headers.</summary>
    public static EpollSseClient Connect(Uri server, IEnumerable<string> paths, string? bearerToken = null)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(server.Host), server.Port);
        var sockets = new List<Socket>();
        var firstBytes = new List<byte[]>();
        foreach (var path in paths)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 30_000 };
            socket.Connect(endpoint);
            var authorization = bearerToken is null ? string.Empty : $"Authorization: Bearer {bearerToken}\r\n";
            socket.Send(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAccept: text/event-stream\r\n{authorization}\r\n"));
            sockets.Add(socket);
            firstBytes.Add(ReadHeaders(socket, path));
        }

        return new EpollSseClient(sockets, firstBytes);
    }

    /// <summary>The CPU time of the reading thread so far: the client's own cost, without the publisher's.</summary>
    public TimeSpan ReaderCpu => _readerThreadId is var tid and > 0 ? ProcessStats.ReadThread(Environment.ProcessId, tid).CpuTime : TimeSpan.Zero;

    private volatile int _readerThreadId;

    /// <summary>Starts the reading thread. Nothing is counted until <see cref="CountFrom"/>: the sockets are read all along, so that nothing queues in them.</summary>
    public void Start(LatencyRecorder latencies, TimeSpan pause)
    {
        _reader = new Thread(() => Read(latencies, pause)) { IsBackground = true, Name = "epoll SSE client" };
        _reader.Start();
        SpinWait.SpinUntil(() => _readerThreadId > 0); // its id, so that ReaderCpu counts from here
    }

    /// <summary>Counts the events sent from <paramref name="sentFrom"/> on.</summary>
    public void CountFrom(DateTimeOffset sentFrom) => Interlocked.Exchange(ref _countFromTicks, sentFrom.UtcTicks);

    public void Dispose()
    {
        _stopping = true;
        _reader?.Join();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _ = close(_epoll); // nothing to do about a failed close at the end of a run
    }

    private unsafe void Read(LatencyRecorder latencies, TimeSpan pause)
    {
        _readerThreadId = gettid(); // for the thread's own CPU time
        var ready = new EpollEvent[1024];
        var buffer = new byte[SseReader.MaxCarry + (256 * 1024)];
        while (!_stopping)
        {
            int count;
            fixed (EpollEvent* events = ready)
            {
                count = epoll_wait(_epoll, events, ready.Length, 100);
            }

            for (var e = 0; e < count; e++)
            {
                var i = (int)ready[e].Data;
                _carry[i].AsSpan(0, _carried[i]).CopyTo(buffer);
                var read = _sockets[i].Receive(buffer.AsSpan(_carried[i]), SocketFlags.None, out var error);
                if (error != SocketError.Success || read == 0)
                {
                    continue; // nothing after all, or the server closed it: the round goes on with the others
                }

                var tail = SseReader.Scan(buffer.AsSpan(0, _carried[i] + read), DateTimeOffset.UtcNow, latencies, new DateTimeOffset(Interlocked.Read(ref _countFromTicks), TimeSpan.Zero));
                buffer.AsSpan(0, tail).CopyTo(_carry[i]);
                _carried[i] = tail;
            }

            if (count < ready.Length)
            {
                Thread.Sleep(pause); // let each connection's next events gather in its socket: one read for several
            }
        }
    }

    /// <summary>Reads up to the end of the response headers; returns the body bytes that came with them.</summary>
    private static byte[] ReadHeaders(Socket socket, string path)
    {
        var received = new List<byte>();
        var chunk = new byte[4096];
        while (true)
        {
            var read = socket.Receive(chunk);
            if (read == 0)
            {
                throw new IOException($"{path}: the server closed the connection before its response headers");
            }

            received.AddRange(chunk.AsSpan(0, read));
            var all = received.ToArray();
            var end = all.AsSpan().IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                continue;
            }

            var status = Encoding.ASCII.GetString(all, 0, all.AsSpan().IndexOf("\r\n"u8));
            if (!status.Contains(" 200 ", StringComparison.Ordinal))
            {
                throw new IOException($"{path}: {status}");
            }

            return all[(end + 4)..];
        }
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)] // packed on x86-64: a 4-byte mask, then 8 bytes of user data
    private struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, ref EpollEvent registration);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int epoll_wait(int epfd, EpollEvent* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc")]
    private static partial int gettid();
}
