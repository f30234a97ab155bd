using System.Globalization;
using AisLive.Server.Streaming;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AisLive.Server.Hosting;

/// <summary>
/// Makes <c>/openapi/v1.json</c> a document a client generator can use: the two ways to present a token as
/// security schemes, every operation with an id, its security, and problem+json for each error it can answer,
/// and the streams documented as <c>text/event-stream</c> with their events' payload schemas.
/// </summary>
public static class OpenApiSetup
{
    public const string Bearer = "bearer";
    public const string Session = "session";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Alerts"] = "The caller's alerts, acknowledgement, and the durable alerts stream.",
        ["Auth"] = "Session cookie for browsers, and who the caller is.",
        ["Feed"] = "The upstream feed's state.",
        ["Fleets"] = "Fleets: their vessels and members; streams follow changes at once.",
        ["History"] = "Stored positions and tracks from PostGIS.",
        ["Operations"] = "Statistics for operators.",
        ["Rules"] = "Alert rules per fleet.",
        ["Vessels"] = "Live vessel state and per-vessel streams.",
    };

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddOperationTransformer(TransformOperationAsync);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            // Geometries are written by GeoJSON4STJ's converter, so the generator knows nothing of their shape: say it.
            if (typeof(NetTopologySuite.Geometries.Geometry).IsAssignableFrom(context.JsonTypeInfo.Type) && schema is OpenApiSchema geometry)
            {
                DescribeGeoJsonGeometry(geometry, context.JsonTypeInfo.Type);
            }

            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Description = "A live AIS service: vessels and fleets over Server-Sent Events, stored history, alerts with acknowledgement, webhooks and escalation.";
            document.Servers = [new OpenApiServer { Url = "/", Description = "The AisLive service that served this document" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT", Description = "HS256 token with sub, role and exp (scripts/aislive token).",
            };
            document.Components.SecuritySchemes[Session] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "aislive_session", Description = "The HttpOnly cookie POST /api/auth/session sets (for EventSource).",
            };
            document.Tags = new HashSet<OpenApiTag>(TagDescriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
            return Task.CompletedTask;
        });
    });

    private static async Task TransformOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var description = context.Description;
        var path = "/" + (description.RelativePath ?? string.Empty).Split('?')[0];
        operation.OperationId ??= OperationId(description.HttpMethod ?? "GET", path);
        var anonymous = description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any();
        operation.Security = anonymous
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] }, new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Session, document)] = [] }];

        var problem = await ComponentAsync(typeof(ProblemDetails), "ProblemDetails", context, cancellationToken);
        operation.Responses ??= [];
        void Problem(string status, string text) => operation.Responses.TryAdd(status, new OpenApiResponse
        {
            Description = text,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
        });

        if (operation.Parameters is { Count: > 0 } || operation.RequestBody is not null)
        {
            Problem("400", "The request is malformed; the problem says which part.");
        }

        if (!anonymous)
        {
            Problem("401", "No valid token: send Authorization: Bearer or the session cookie (tokens in the query string are refused).");
            Problem("403", "Valid token, but not allowed: not a member of this fleet, or not an operator of it.");
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            Problem("404", "No such resource.");
        }

        if (operation.RequestBody is not null)
        {
            Problem("413", "The body is larger than Security:MaxRequestBodyBytes.");
        }

        Problem("429", "A rate or concurrency limit was reached; retry after the Retry-After header.");
        if (description.ActionDescriptor.EndpointMetadata.OfType<Fleets.FleetsLoaded.Requirement>().Any())
        {
            Problem("503", "Fleets are not loaded yet (the database is not reachable at start); retry after the Retry-After header.");
        }

        if (description.ActionDescriptor.EndpointMetadata.OfType<StreamEvents>().FirstOrDefault() is { } events)
        {
            await DocumentStreamAsync(operation, events, context, cancellationToken);
        }
    }

    /// <summary>A stream's 200: <c>text/event-stream</c>, with the data schema of each event it sends (<see cref="StreamEvents"/>).</summary>
    private static async Task DocumentStreamAsync(OpenApiOperation operation, StreamEvents events, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schemas = new List<IOpenApiSchema>();
        foreach (var type in events.Payloads)
        {
            schemas.Add(await ComponentAsync(type, type.Name, context, cancellationToken));
        }

        operation.Responses!["200"] = new OpenApiResponse
        {
            Description = "Server-Sent Events. " + events.Description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["text/event-stream"] = new() { Schema = schemas.Count == 1 ? schemas[0] : new OpenApiSchema { OneOf = schemas } },
            },
        };
    }

    /// <summary>A GeoJSON geometry (RFC 7946): its type and its coordinates ([lon, lat] for a Point, a list of them for a LineString).</summary>
    private static void DescribeGeoJsonGeometry(OpenApiSchema schema, Type type)
    {
        var position = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Number }, MinItems = 2, MaxItems = 3, Description = "[longitude, latitude] in degrees (WGS 84)" };
        var point = type == typeof(NetTopologySuite.Geometries.Point);
        schema.Type = JsonSchemaType.Object;
        schema.Description = point ? "GeoJSON Point" : "GeoJSON geometry: a Point, or a LineString of positions";
        schema.Required = new HashSet<string> { "type", "coordinates" };
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = point ? [System.Text.Json.Nodes.JsonValue.Create("Point")] : [System.Text.Json.Nodes.JsonValue.Create("Point"), System.Text.Json.Nodes.JsonValue.Create("LineString")] },
            ["coordinates"] = point ? position : new OpenApiSchema { Description = "a position, or an array of positions" },
        };
    }

    /// <summary>The schema of <paramref name="type"/> as a component of the document, and a reference to it.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync(Type type, string name, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        return new OpenApiSchemaReference(name, document);
    }

    /// <summary><c>GET /api/fleets/{id}/positions</c> becomes <c>GetFleetsByIdPositions</c>: unique, stable, and readable in generated clients.</summary>
    private static string OperationId(string method, string path)
    {
        var words = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(s => s.StartsWith('{') ? "By" + Pascal(s.Trim('{', '}').Split(':')[0]) : Pascal(s));
        return Pascal(method.ToLowerInvariant()) + string.Concat(words);
    }

    private static string Pascal(string word) => word.Length == 0 ? word : char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..];
}
