using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AisLive.Ais;
using AisLive.Ais.AisStream;
using AisLive.Server.Tests.Alerts;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Pipeline;

/// <summary>
/// SPEC 4 and 5.1 through the running service: text loses NUL and control characters and is cut to its AIS width,
/// a value out of range is nulled on its own, and the one frame that once stopped all storage (a NUL in a name)
/// is stored clean with everything around it.
/// </summary>
public sealed class BadValueTests
{
    private const uint Nul = 249000001;
    private const uint Long = 249000002;
    private const uint Wild = 249000003;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task BadTextAndValues_AreCleanedOrNulledFieldByField_AndEverythingElseIsStored()
    {
        var wild = Encoding.UTF8.GetString(UpstreamFrames.Position(Wild, 51.3, 3.3, T0.AddSeconds(3), sog: 10))
            .Replace("\"Sog\":10", "\"Sog\":1e300", StringComparison.Ordinal)
            .Replace("\"Cog\":45", "\"Cog\":-7", StringComparison.Ordinal);
        wild.ShouldContain("1e300");
        using var recording = new Recording()
            .Raw(T0, Encoding.UTF8.GetString(AisStreamWriter.ShipStaticData(new Mmsi(Nul), Static("BAD\u0000NAME", "\u001b[31mROTTERDAM\u0007"), T0, 51.1, 3.1)))
            .Raw(T0.AddSeconds(1), Encoding.UTF8.GetString(AisStreamWriter.ShipStaticData(new Mmsi(Long), Static(new string('X', 500), "HAMBURG") with { ToBowMeters = 70_000, ImoNumber = 123 }, T0.AddSeconds(1), 51.2, 3.2)))
            .Raw(T0.AddSeconds(2), Encoding.UTF8.GetString(UpstreamFrames.Position(Nul, 51.1, 3.1, T0.AddSeconds(2))))
            .Raw(T0.AddSeconds(2), Encoding.UTF8.GetString(UpstreamFrames.Position(Long, 51.2, 3.2, T0.AddSeconds(2))))
            .Raw(T0.AddSeconds(3), wild)
            .Save();
        await using var server = await AlertScenario.StartOnAsync(await PostgisDatabase.CreateAsync(), recording.Path, time: null);
        await server.WaitForReplayStoredAsync();

        var nul = await server.Http.GetFromJsonAsync<JsonNode>($"/api/vessels/{Nul}");
        nul!["name"]!.GetValue<string>().ShouldBe("BADNAME");
        nul["destination"]!.GetValue<string>().ShouldBe("[31mROTTERDAM");
        nul["lat"]!.GetValue<double>().ShouldBe(51.1);
        var cut = await server.Http.GetFromJsonAsync<JsonNode>($"/api/vessels/{Long}");
        cut!["name"]!.GetValue<string>().ShouldBe(new string('X', AisText.ShipNameChars));
        cut["length"].ShouldBeNull(); // 70,000 m to the bow is nulled with the other dimensions
        cut["imo"].ShouldBeNull();
        var wildState = await server.Http.GetFromJsonAsync<JsonNode>($"/api/vessels/{Wild}");
        wildState!["sog"].ShouldBeNull();
        wildState["cog"].ShouldBeNull();
        wildState["lat"]!.GetValue<double>().ShouldBe(51.3); // the rest of the report is kept

        (await PostgisDatabase.ScalarAsync<string>(server.ConnectionString, $"SELECT name FROM vessels WHERE mmsi = {Nul}")).ShouldBe("BADNAME");
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM positions WHERE mmsi IN ({Nul}, {Long}, {Wild})")).ShouldBe(3);
        (await PostgisDatabase.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM rejected_messages")).ShouldBe(0);
        var stats = (await server.Http.GetFromJsonAsync<JsonNode>("/api/stats"))!["badInput"]!;
        stats["textCleaned"]!.GetValue<long>().ShouldBe(2);
        stats["rowsRefused"]!.GetValue<long>().ShouldBe(0);
        stats["byReason"]!["sog_out_of_range"]!.GetValue<long>().ShouldBe(1);
        stats["byReason"]!["cog_out_of_range"]!.GetValue<long>().ShouldBe(1);
        stats["byReason"]!["dimension_out_of_range"]!.GetValue<long>().ShouldBe(1);
        stats["byReason"]!["imo_out_of_range"]!.GetValue<long>().ShouldBe(1);
    }

    private static AisStaticData Static(string name, string destination) =>
        new() { ShipName = name, CallSign = "PD1234", Destination = destination, ShipType = 70, ToBowMeters = 100, ToSternMeters = 20, ToPortMeters = 8, ToStarboardMeters = 8 };
}
