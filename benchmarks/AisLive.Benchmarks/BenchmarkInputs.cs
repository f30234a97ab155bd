using System.Text;
using AisLive.Ais.AisStream;
using AisLive.Ais.Nmea;

namespace AisLive.Benchmarks;

/// <summary>
/// Inputs built from the project's own recording (<c>fixtures/demo.aisstream.jsonl</c>) and, for the
/// mixed real capture, the shared corpus read in place.
/// </summary>
internal static class BenchmarkInputs
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Fixture => Path.Combine(RepositoryRoot, "fixtures", "demo.aisstream.jsonl.gz");

    public static string RawCapture => Path.Combine(RepositoryRoot, "..", "shared", "ais-corpus", "nmea", "raw-dma-aislib-stream_example.nmea");

    /// <summary>The fixture's AISStream lines of one type.</summary>
    public static List<byte[]> FixtureLines(string messageType) =>
        ReadFixture().Where(l => l.Contains($"\"MessageType\":\"{messageType}\"", StringComparison.Ordinal)).Select(Encoding.UTF8.GetBytes).ToList();

    /// <summary>The fixture's messages of a type re-encoded as NMEA sentences (one list per message).</summary>
    public static List<IReadOnlyList<string>> FixtureAsNmea(string messageType) =>
        FixtureLines(messageType).Select(l => AisStreamDecoder.Decode(l).Message).Select(m => NmeaEncoder.Encode(m)).ToList();

    public static IEnumerable<string> ReadFixture()
    {
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(Fixture), System.IO.Compression.CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AisLive.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("AisLive.sln not found above " + AppContext.BaseDirectory);
    }
}
