using System.Text;
using System.Text.Json.Nodes;
using AisLive.Ais.Output;

namespace AisLive.Ais.Tests.Output;

public sealed class DecodeSessionTests
{
    [Fact]
    public async Task Run_Type1Sentence_WritesSpecFieldsInOrder()
    {
        var output = await DecodeAsync("!AIVDM,1,1,,A,16SteH0P00Jt63hHaa6SagvJ087r,0*42\n");

        output.ShouldBe(
            """{"type":1,"repeat":0,"mmsi":440348000,"navStatus":0,"rot":-128,"sog":0,"accuracy":false,"lon":-70.7582,"lat":43.08015,"cog":93.4,"heading":null,"second":13,"maneuver":0,"raim":false}""" + "\n");
    }

    [Fact]
    public async Task Run_MixedInput_OneLinePerMessageOrErrorInInputOrder()
    {
        var input = string.Join('\n',
            "$PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B*5B",
            "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C",
            "",
            "!AIVDM,2,2,1,A,88888888880,2*25",
            File.ReadAllLines(CorpusPaths.AisStream("samples.jsonl"))[0],
            """{"error": "Api Key Is Not Valid"}""");

        var lines = (await DecodeAsync(input)).TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!).ToList();

        lines.Count.ShouldBe(4);
        lines[0]["error"]!.GetValue<string>().ShouldBe("not an AIVDM/AIVDO sentence");
        lines[0]["line"]!.GetValue<string>().ShouldStartWith("$PGHP");
        lines[1]["shipName"]!.GetValue<string>().ShouldBe("EVER DIADEM");
        lines[2]["mmsi"]!.GetValue<uint>().ShouldBe(538009327u);
        lines[3]["error"]!.GetValue<string>().ShouldContain("Api Key Is Not Valid");
    }

    [Fact]
    public async Task Run_OneMegabyteLine_IsReportedAndDecodingGoesOn()
    {
        var input = new string('A', 1024 * 1024) + "\n!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n";

        var lines = (await DecodeAsync(input)).TrimEnd('\n').Split('\n');

        lines.Length.ShouldBe(2);
        JsonNode.Parse(lines[0])!["error"]!.GetValue<string>().ShouldBe("line too long");
        lines[0].Length.ShouldBeLessThan(300);
        JsonNode.Parse(lines[1])!["mmsi"]!.GetValue<uint>().ShouldBe(371798000u);
    }

    [Fact]
    public async Task Run_InvalidUtf8_IsAnErrorLineNotACrash()
    {
        var input = new MemoryStream([0xff, 0xfe, 0x21, 0x0a, 0xc3, 0x28, 0x0a]);
        var output = new MemoryStream();

        await new DecodeSession(output).RunAsync(input);

        var lines = Encoding.UTF8.GetString(output.ToArray()).TrimEnd('\n').Split('\n');
        lines.Length.ShouldBe(2);
        lines.ShouldAllBe(l => JsonNode.Parse(l)!["error"] != null);
    }

    private static async Task<string> DecodeAsync(string input)
    {
        var output = new MemoryStream();
        await new DecodeSession(output).RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)));
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
