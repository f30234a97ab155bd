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
        using var session = new DecodeSession(output);
        await session.RunAsync(input);

        var written = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        written.Length.ShouldBe((int)(session.Messages + session.Errors));
        foreach (var line in written)
        {
            JsonNode.Parse(line).ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task PayloadMutations_OfEveryFieldType_GiveAMessageOrAReportedError()
    {
        // Single-sentence messages of the types decoded as fields, read in place from the shared captures; the mutations
        // stay inside the payload and the checksum is recomputed, so every line reaches the bit decoder.
        int[] fieldTypes = [6, 7, 8, 10, 12, 13, 14, 15, 16, 17, 20, 22, 23, 25, 26];
        var sentences = File.ReadLines(CorpusPaths.Nmea("raw-dma-aislib-stream_example.nmea"))
            .Concat(File.ReadLines(CorpusPaths.Nmea("dev.jsonl")).SelectMany(l => JsonNode.Parse(l)!["sentences"]!.AsArray().Select(s => s!.GetValue<string>())))
            .Select(l => l.Split(','))
            .Where(f => f.Length >= 7 && f[0].StartsWith('!') && f[1] == "1" && f[5].Length > 0 && fieldTypes.Contains(SixBit(f[5][0])))
            .ToList();
        var random = new Random(Seed + 2);
        var input = new MemoryStream();
        var decoder = new NmeaDecoder();
        var typesDecoded = new HashSet<int>();
        var reasons = new HashSet<DecodeError>();
        const int lines = 40_000;
        for (var i = 0; i < lines; i++)
        {
            var fields = sentences[random.Next(sentences.Count)];
            var line = Sentences.WithChecksum($"{fields[0]},1,1,,{fields[4]},{MutatePayload(fields[5], random)},{random.Next(6)}");
            var status = decoder.Decode(Encoding.ASCII.GetBytes(line), out var message, out var error);
            if (status == DecodeStatus.Message)
            {
                typesDecoded.Add(message.MessageType);
            }
            else
            {
                status.ShouldBe(DecodeStatus.Error);
                error.ShouldNotBe(DecodeError.None);
                reasons.Add(error);
            }

            input.Write(Encoding.ASCII.GetBytes(line + "\n"));
        }

        input.Position = 0;
        var output = new MemoryStream();
        using var session = new DecodeSession(output);
        await session.RunAsync(input);

        var written = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        written.Length.ShouldBe(lines);
        (session.Messages + session.Errors).ShouldBe(lines);
        written.ShouldAllBe(l => JsonNode.Parse(l, null, default) is JsonObject);
        fieldTypes.Except(typesDecoded).ShouldBeEmpty();
        reasons.ShouldContain(DecodeError.PayloadTooShort);
    }

    private static string MutatePayload(string payload, Random random)
    {
        var chars = new List<char>(payload);
        for (var e = 1 + random.Next(3); e > 0 && chars.Count > 0; e--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(4))
            {
                case 0: chars[at] = ArmourChar(random.Next(64)); break;                // any field value
                case 1: chars.RemoveRange(at, chars.Count - at); break;                // cut short, down to nothing
                case 2: chars.AddRange(Enumerable.Range(0, random.Next(1, 40)).Select(_ => ArmourChar(random.Next(64)))); break; // longer
                default: chars[at] = ArmourChar(SixBit(chars[at]) ^ (1 << random.Next(6))); break; // one bit flipped
            }
        }

        return new string([.. chars]);
    }

    private static char ArmourChar(int value) => (char)(value < 40 ? value + 48 : value + 56);

    private static int SixBit(char c) => c - 48 > 40 ? c - 56 : c - 48;

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
