using System.Text;
using AisLive.Ais;
using AisLive.Ais.AisStream;
using AisLive.Ais.Nmea;
using BenchmarkDotNet.Attributes;

namespace AisLive.Benchmarks;

/// <summary>
/// Decoder throughput, one message per operation (the mixed capture reports per line), on one core.
/// Targets (SPEC section 13): type 1 >= 3,000,000/s with 0 B allocated; AISStream PositionReport >= 400,000/s.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private const int Batch = 1000;
    private byte[][] _type1 = [];
    private byte[][] _type5 = [];
    private byte[][] _positionJson = [];
    private byte[][] _capture = [];
    private MemoryStream _captureStream = new();
    private readonly NmeaDecoder _decoder = new();

    [GlobalSetup]
    public void Setup()
    {
        _type1 = Repeat(BenchmarkInputs.FixtureAsNmea("PositionReport"), Batch).Select(s => Encoding.ASCII.GetBytes(s.Single())).ToArray();
        _type5 = Repeat(BenchmarkInputs.FixtureAsNmea("ShipStaticData"), Batch / 2).SelectMany(s => s.Select(Encoding.ASCII.GetBytes)).ToArray();
        _positionJson = Repeat(BenchmarkInputs.FixtureLines("PositionReport"), Batch).ToArray();
        _capture = File.ReadLines(BenchmarkInputs.RawCapture).Select(Encoding.ASCII.GetBytes).ToArray();
        _captureStream = new MemoryStream(File.ReadAllBytes(BenchmarkInputs.RawCapture));
    }

    /// <summary>Cycles through <paramref name="items"/> until there are exactly <paramref name="count"/>.</summary>
    private static IEnumerable<T> Repeat<T>(List<T> items, int count) => Enumerable.Range(0, count).Select(i => items[i % items.Count]);

    [Benchmark(OperationsPerInvoke = Batch)]
    public int NmeaType1SingleFragment()
    {
        var sum = 0;
        foreach (var line in _type1)
        {
            if (_decoder.Decode(line, out var message, out _) == DecodeStatus.Message)
            {
                sum += message.MessageType;
            }
        }

        return sum;
    }

    /// <summary>Per completed type 5 message (two sentences each).</summary>
    [Benchmark(OperationsPerInvoke = Batch / 2)]
    public int NmeaType5TwoFragments()
    {
        var sum = 0;
        foreach (var line in _type5)
        {
            if (_decoder.Decode(line, out var message, out _) == DecodeStatus.Message)
            {
                sum += message.Static!.ShipName!.Length;
            }
        }

        return sum;
    }

    /// <summary>Per line of the DMA capture: 8,551 lines, half of them $PGHP headers rejected as not AIS.</summary>
    [Benchmark(OperationsPerInvoke = 8551)]
    public int MixedRealCapture()
    {
        var sum = 0;
        foreach (var line in _capture)
        {
            sum += (int)_decoder.Decode(line, out _, out _);
        }

        return sum;
    }

    /// <summary>
    /// The <c>decode</c> command's whole path per line of the DMA capture, JSON output included (to a null stream):
    /// what the side-by-side run against gpsdecode measures, without process start-up and I/O.
    /// </summary>
    [Benchmark(OperationsPerInvoke = 8551)]
    public async Task<long> DecodeCommandPerCaptureLine()
    {
        _captureStream.Position = 0;
        var session = new AisLive.Ais.Output.DecodeSession(Stream.Null);
        await session.RunAsync(_captureStream);
        return session.Messages;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int AisStreamPositionReport()
    {
        var sum = 0;
        foreach (var line in _positionJson)
        {
            sum += AisStreamDecoder.Decode(line).Message.MessageType;
        }

        return sum;
    }
}
