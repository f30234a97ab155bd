using System.Text;
using System.Text.Json.Nodes;
using AisLive.Ais.Output;

namespace AisLive.Ais.Tests.Output;

public sealed class DecodeSessionTests
{
    [Fact]
    public async Task Run_Type1Sentence_WritesSpecFieldsInOrder()
    {
        var sentence = AisLive.Ais.Nmea.NmeaEncoder.Encode(Sentences.Type1 with { HeadingDegrees = null }).Single();

        var output = await DecodeAsync(sentence + "\n");

        output.ShouldBe(
            """{"type":1,"repeat":0,"mmsi":244123456,"navStatus":0,"rot":-127,"sog":12.3,"accuracy":true,"lon":-4.5,"lat":51.25,"cog":224,"heading":null,"second":33,"maneuver":0,"raim":false}""" + "\n");
    }

    [Fact]
    public async Task Run_MixedInput_OneLinePerMessageOrErrorInInputOrder()
    {
        var input = string.Join('\n',
            Sentences.WithChecksum("$GPZDA,120000.00,21,11,2026,00,00"),
            Sentences.Type5Sentences[0],
            "",
            Sentences.Type5Sentences[1],
            File.ReadAllLines(CorpusPaths.AisStream("samples.jsonl"))[0],
            """{"error": "Api Key Is Not Valid"}""");

        var lines = (await DecodeAsync(input)).TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!).ToList();

        lines.Count.ShouldBe(4);
        lines[0]["error"]!.GetValue<string>().ShouldBe("not an AIVDM/AIVDO sentence");
        lines[0]["line"]!.GetValue<string>().ShouldStartWith("$GPZDA");
        lines[1]["shipName"]!.GetValue<string>().ShouldBe("NORTH STAR");
        lines[2]["mmsi"]!.GetValue<uint>().ShouldBe(538009327u);
        lines[3]["error"]!.GetValue<string>().ShouldContain("Api Key Is Not Valid");
    }

    [Fact]
    public async Task Run_OneMegabyteLine_IsReportedAndDecodingGoesOn()
    {
        var input = new string('A', 1024 * 1024) + "\n" + Sentences.Type1Sentence + "\n";

        var lines = (await DecodeAsync(input)).TrimEnd('\n').Split('\n');

        lines.Length.ShouldBe(2);
        JsonNode.Parse(lines[0])!["error"]!.GetValue<string>().ShouldBe("line too long");
        lines[0].Length.ShouldBeLessThan(300);
        JsonNode.Parse(lines[1])!["mmsi"]!.GetValue<uint>().ShouldBe(244123456u);
    }

    [Fact]
    public async Task Run_InvalidUtf8_IsAnErrorLineNotACrash()
    {
        var input = new MemoryStream([0xff, 0xfe, 0x21, 0x0a, 0xc3, 0x28, 0x0a]);
        var output = new MemoryStream();

        using var session = new DecodeSession(output);
        await session.RunAsync(input);

        var lines = Encoding.UTF8.GetString(output.ToArray()).TrimEnd('\n').Split('\n');
        lines.Length.ShouldBe(2);
        lines.ShouldAllBe(l => JsonNode.Parse(l)!["error"] != null);
    }

    private static async Task<string> DecodeAsync(string input)
    {
        var output = new MemoryStream();
        using var session = new DecodeSession(output);
        await session.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)));
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
