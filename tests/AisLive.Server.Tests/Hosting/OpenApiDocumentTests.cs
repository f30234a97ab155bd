using System.Text.Json.Nodes;
using AisLive.Server.Tests.Infrastructure;

namespace AisLive.Server.Tests.Hosting;

/// <summary>The OpenAPI document is one a client generator can use (issue: "OpenAPI that a client generator can use").</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Document_EveryOperationHasAnIdItsSecurityAndProblemResponses_StreamsAreEventStreams()
    {
        using var recording = new Recording().Save();
        await using var server = await AisLiveTestServer.StartAsync(new Dictionary<string, string?> { ["Replay:Path"] = recording.Path });

        var document = JsonNode.Parse(await server.Anonymous.GetStringAsync("/openapi/v1.json"))!;

        document["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key).ShouldBe(["bearer", "session"], ignoreOrder: true);
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Path: path.Key, Method: op.Key, Operation: op.Value!)))
            .ToList();
        operations.Count.ShouldBeGreaterThan(20);
        operations.Select(o => o.Operation["operationId"]?.GetValue<string>()).ShouldAllBe(id => !string.IsNullOrEmpty(id));
        operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).Distinct().Count().ShouldBe(operations.Count);
        foreach (var (path, method, operation) in operations.Where(o => !(o.Path == "/api/auth/session" && o.Method == "delete")))
        {
            operation["security"]!.AsArray().Count.ShouldBeGreaterThan(0, $"{method} {path} has no security");
            var unauthorized = operation["responses"]!["401"]?["content"]?["application/problem+json"];
            unauthorized.ShouldNotBeNull($"{method} {path} has no problem+json 401");
        }

        foreach (var (path, _, operation) in operations.Where(o => o.Path.EndsWith("/stream", StringComparison.Ordinal)))
        {
            var stream = operation["responses"]!["200"]!["content"]!["text/event-stream"];
            stream.ShouldNotBeNull($"{path} is not documented as text/event-stream");
            stream["schema"].ShouldNotBeNull($"{path} has no event payload schema");
        }

        var alertEvents = document["paths"]!["/api/alerts/stream"]!["get"]!["responses"]!["200"]!["content"]!["text/event-stream"]!["schema"]!["oneOf"]!.AsArray();
        alertEvents.Select(s => s!["$ref"]!.GetValue<string>()).ShouldBe(
            ["#/components/schemas/AlertView", "#/components/schemas/AlertAcknowledgedEvent", "#/components/schemas/AlertResolvedEvent", "#/components/schemas/AlertShelvedEvent"]);
        document["paths"]!["/api/stats"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>()
            .ShouldBe("#/components/schemas/StatsView");
    }
}
