using System.Text;
using System.Text.Json.Nodes;
using AisLive.Ais.AisStream;
using AisLive.Ais.Nmea;
using AisLive.Ais.Output;

namespace AisLive.Ais.Tests;

/// <summary>
/// Seeded mutation of the real-world corpus: every mutated line must give a message or an error value,
/// never an exception, and the decoder's fragment state must stay within its bound.
/// </summary>
public sealed class MutationTests
{
    private const int Seed = 20261121;
    private const int Mutations = 300_000;
    private static readonly byte[] Structural = ",*!\\{}\"0:\n"u8.ToArray();

    [Fact]
    public void Decoders_OnMutatedCorpus_NeverThrowAndStayBounded()
    {
        var random = new Random(Seed);
        var lines = CorpusLines();
        var nmea = new NmeaDecoder(new NmeaDecoderOptions { MaxPendingGroups = 16 });
        long messages = 0, errors = 0;

        for (var i = 0; i < Mutations; i++)
        {
            var mutated = Mutate(lines[random.Next(lines.Count)], random);
            if (mutated.Length > 0 && mutated[0] == (byte)'{')
            {
                var frame = AisStreamDecoder.Decode(mutated);
                (frame.Status == DecodeStatus.Error ? ref errors : ref messages)++;
            }
            else
            {
                var status = nmea.Decode(mutated, out _, out var error);
                if (status == DecodeStatus.Error)
                {
                    error.ShouldNotBe(DecodeError.None);
                    errors++;
                }
                else
                {
                    messages++;
                }
            }

            nmea.PendingGroups.ShouldBeLessThanOrEqualTo(16);
        }

        // Both outcomes happen: the mutations are neither all harmless nor all fatal.
        messages.ShouldBeGreaterThan(Mutations / 20);
        errors.ShouldBeGreaterThan(Mutations / 4);
    }

    [Fact]
    public async Task DecodeSession_OnMutatedStream_WritesOnlyValidJsonLines()
    {
        var random = new Random(Seed + 1);
        var lines = CorpusLines();
        var input = new MemoryStream();
        for (var i = 0; i < 50_000; i++)
        {
            input.Write(Mutate(lines[random.Next(lines.Count)], random));
            input.WriteByte((byte)'\n');
        }

        input.Position = 0;
        var output = new MemoryStream();
        var session = new DecodeSession(output);
        await session.RunAsync(input);

        var written = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        written.Length.ShouldBe((int)(session.Messages + session.Errors));
        foreach (var line in written)
        {
            JsonNode.Parse(line).ShouldNotBeNull();
        }
    }

    private static List<byte[]> CorpusLines()
    {
        var lines = new List<byte[]>();
        foreach (var json in File.ReadLines(CorpusPaths.Nmea("dev.jsonl")).Take(1500))
        {
            lines.AddRange(JsonNode.Parse(json)!["sentences"]!.AsArray().Select(s => Encoding.ASCII.GetBytes(s!.GetValue<string>())));
        }

        lines.AddRange(File.ReadLines(CorpusPaths.AisStream("samples.jsonl")).Select(Encoding.UTF8.GetBytes));
        return lines;
    }

    private static byte[] Mutate(byte[] line, Random random)
    {
        var bytes = new List<byte>(line);
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(9))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;                  // random byte
                case 1: bytes[at] = (byte)random.Next(32, 127); break;              // printable swap
                case 2: bytes.RemoveAt(at); break;                                   // deletion
                case 3: bytes.Insert(at, Structural[random.Next(Structural.Length)]); break; // structural character
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;              // truncation
                case 5: bytes.InsertRange(at, bytes.GetRange(0, Math.Min(at, 20))); break; // duplicated run
                case 6: bytes[at] = (byte)(bytes[at] ^ (1 << random.Next(8))); break; // bit flip
                case 7: bytes.InsertRange(at, Enumerable.Repeat((byte)'9', random.Next(1, 400))); break; // long numbers
                default: break;                                                      // leave as is
            }
        }

        return [.. bytes];
    }
}
