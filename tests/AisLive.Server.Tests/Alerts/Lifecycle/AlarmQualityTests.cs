using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AisLive.Server.Alerts;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AisLive.Server.Tests.Alerts.Lifecycle;

/// <summary>SPEC 9.4's alarm-quality figures on a labelled sequence of alerts written straight into the database.</summary>
public sealed class AlarmQualityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Quality_CountsFloodsChatteringStaleAndAcknowledgeTimes_OnALabelledSequence()
    {
        var (database, rules) = await AlertScenario.SeedDatabaseAsync([244000960], [("anna", "operator")],
            ("Speeding", RuleKinds.SpeedAbove, new JsonObject { ["knots"] = 15 }),
            ("Harbour", RuleKinds.GeofenceEnter, new JsonObject { ["area"] = AlertScenario.Area([(3.0, 51.0), (3.1, 51.0), (3.1, 51.1), (3.0, 51.1), (3.0, 51.0)]) }));
        var (speeding, harbour) = (rules[0], rules[1]);
        var sql = new StringBuilder();
        void Alert(long rule, int mmsi, DateTimeOffset raised, double? acknowledgedAfter = null, bool resolved = true)
        {
            var ack = acknowledgedAfter is { } s ? $"'anna', '{raised.AddSeconds(s):O}'" : "NULL, NULL";
            var end = resolved ? $"'{raised.AddMinutes(5):O}', 'resolved'" : "NULL, 'open'";
            sql.Append(CultureInfo.InvariantCulture, $"""
                INSERT INTO alerts (rule_id, rule_name, kind, severity, fleet_id, mmsi, message, evidence_at, raised_at, recipients, acknowledged_by, acknowledged_at, resolved_at, status)
                SELECT {rule}, name, kind, severity, fleet_id, {mmsi}, 'labelled', '{raised:O}', '{raised:O}', ARRAY['anna'], {ack}, {end} FROM alert_rules WHERE id = {rule};
                """);
        }

        // A flood: 12 new alerts in the first ten minutes (four acknowledged after 60, 120, 300 and 600 s).
        double?[] acknowledged = [60, 120, 300, 600];
        for (var i = 0; i < 12; i++)
        {
            Alert(speeding, 244100000 + i, T0.AddSeconds(30 * i), i < acknowledged.Length ? acknowledged[i] : null);
        }

        // Chattering: one rule and vessel three times within a minute; and the trap, three times a minute apart (not chattering).
        foreach (var seconds in new[] { 0, 20, 40 })
        {
            Alert(harbour, 244200000, T0.AddMinutes(20).AddSeconds(seconds));
        }

        foreach (var minutes in new[] { 30, 31.5, 33 })
        {
            Alert(harbour, 244200001, T0.AddMinutes(minutes));
        }

        // Stale: active for more than 24 hours; and the trap, as old but resolved.
        Alert(speeding, 244300000, T0.AddDays(-1).AddMinutes(5), resolved: false);
        Alert(speeding, 244300001, T0.AddDays(-1).AddMinutes(6));
        Alert(speeding, 244300002, T0.AddDays(-3)); // outside the range: in no figure
        await PostgisDatabase.ExecuteAsync(database, sql.ToString());

        using var recording = new Recording().Position(244999001, T0, 50, 2).Save(); // the feed is beside the point here
        await using var server = await AlertScenario.StartOnAsync(database, recording.Path, new FakeTimeProvider(T0.AddHours(1)));
        var anna = server.ClientFor("anna", "operator");
        var fleetId = await PostgisDatabase.ScalarAsync<long>(database, "SELECT min(id) FROM fleets");
        var range = $"from={T0.AddDays(-1):O}&to={T0.AddHours(1):O}".Replace("+", "%2B", StringComparison.Ordinal);
        var quality = (await anna.GetFromJsonAsync<AlarmQuality>($"/api/alerts/quality?fleetId={fleetId}&{range}"))!;

        quality.Alerts.ShouldBe(20);
        quality.PerTenMinutes.Peak.ShouldBe(12);
        quality.PerTenMinutes.Average.ShouldBe(Math.Round(20 / 150.0, 2)); // 25 hours = 150 intervals
        quality.Floods.ShouldBe(1);
        quality.Chattering.ShouldBe(1);
        quality.Stale.ShouldBe(1);
        quality.TopRules.Select(r => (r.RuleName, r.Count)).ShouldBe([("Speeding", 14), ("Harbour", 6)]);
        quality.AcknowledgeSeconds.Acknowledged.ShouldBe(4);
        quality.AcknowledgeSeconds.P50.ShouldBe(210); // between 120 and 300
        quality.AcknowledgeSeconds.P90.ShouldBe(510); // 300 + 0.7 × (600 - 300)

        (await anna.GetAsync($"/api/alerts/quality?fleetId={fleetId + 1000}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await anna.GetAsync("/api/alerts/quality")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
