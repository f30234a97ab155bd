using AisLive.Server.Fleets;
using AisLive.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Alerts;

/// <summary>Rules CRUD. Members read their fleets' rules; operators of the fleet and admins edit them.</summary>
public static class RuleEndpoints
{
    private static readonly string[] Severities = ["info", "warning", "critical"];

    public static RouteGroupBuilder MapRuleEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/rules").WithTags("Rules").RequireAuthorization().RequireRateLimiting(RateLimits.Api).RequireFleetsLoaded(); // permissions come from the fleets
        group.MapGet("/", List).WithSummary("The rules of the caller's fleets (every rule for admins).");
        group.MapPost("/", Create).WithSummary("Creates a rule {name, fleetId, kind, severity, parameters, recipients?, cooldown?, escalation?: {after, to}} (the fleet's operators, admins).");
        group.MapGet("/{id:long}", Get).WithSummary("One rule.");
        group.MapPut("/{id:long}", Replace).WithSummary("Replaces a rule (the fleet's operators, admins).");
        group.MapDelete("/{id:long}", Delete).WithSummary("Deletes a rule (the fleet's operators, admins).");
        return group;
    }

    private static async Task<Ok<List<AlertRule>>> List(HttpContext context, RuleStore store, FleetDirectory fleets, CancellationToken cancellationToken)
    {
        var snapshot = fleets.Current;
        return TypedResults.Ok((await store.LoadAllAsync(cancellationToken)).Where(r => snapshot.CanRead(context.User, r.FleetId)).ToList());
    }

    private static async Task<Results<Ok<AlertRule>, ProblemHttpResult>> Get(long id, HttpContext context, RuleStore store, FleetDirectory fleets, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is not { } rule ? NotFound(id)
        : !fleets.Current.CanRead(context.User, rule.FleetId) ? Forbidden("You are not a member of this rule's fleet.")
        : TypedResults.Ok(rule);

    private static async Task<Results<Created<AlertRule>, ProblemHttpResult>> Create(
        AlertRuleRequest request, HttpContext context, RuleStore store, RuleDirectory rules, FleetDirectory fleets, IOptions<SecurityOptions> security, CancellationToken cancellationToken)
    {
        if (Check(request, context, fleets, security.Value) is var (rule, problem) && problem is not null)
        {
            return problem;
        }

        var limit = security.Value.MaxRulesPerFleet;
        if (rules.Current.All.Count(r => r.Rule.FleetId == rule!.FleetId) >= limit)
        {
            return TypedResults.Problem(
                title: "Too many rules", detail: $"A fleet has at most {limit} rules (Security:MaxRulesPerFleet); remove one first.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var created = await store.InsertAsync(rule!, cancellationToken);
        await rules.WrittenHereAsync(cancellationToken);
        return TypedResults.Created($"/api/rules/{created.Id}", created);
    }

    private static async Task<Results<Ok<AlertRule>, ProblemHttpResult>> Replace(
        long id, AlertRuleRequest request, HttpContext context, RuleStore store, RuleDirectory rules, FleetDirectory fleets, IOptions<SecurityOptions> security, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } existing)
        {
            return NotFound(id);
        }

        if (!fleets.Current.CanAct(context.User, existing.FleetId))
        {
            return Forbidden("Only the fleet's operators and admins edit its rules.");
        }

        if (Check(request, context, fleets, security.Value) is var (rule, problem) && problem is not null)
        {
            return problem;
        }

        var updated = await store.UpdateAsync(id, rule!, cancellationToken);
        await rules.WrittenHereAsync(cancellationToken);
        return updated is null ? NotFound(id) : TypedResults.Ok(updated);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, HttpContext context, RuleStore store, RuleDirectory rules, FleetDirectory fleets, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } existing)
        {
            return NotFound(id);
        }

        if (!fleets.Current.CanAct(context.User, existing.FleetId))
        {
            return Forbidden("Only the fleet's operators and admins edit its rules.");
        }

        await store.DeleteAsync(id, cancellationToken);
        await rules.WrittenHereAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The rule to store, or the problem: 400 for bad input, 403 when the caller may not edit that fleet's rules.</summary>
    private static (AlertRule? Rule, ProblemHttpResult? Problem) Check(AlertRuleRequest request, HttpContext context, FleetDirectory fleets, SecurityOptions security)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors.Add("name is required, at most 200 characters.");
        }

        if (request.FleetId is not { } fleetId || !fleets.Current.Fleets.ContainsKey(fleetId))
        {
            errors.Add("fleetId must name an existing fleet.");
        }

        if (request.Kind != RuleKinds.Distress && !(request.Kind == RuleKinds.PortCall && request.Severity is null) && (request.Severity is not { } requested || !Severities.Contains(requested)))
        {
            errors.Add("severity is info, warning or critical.");
        }

        var cooldown = TimeSpan.Zero;
        if (request.Cooldown is { } text && (!TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out cooldown) || cooldown < TimeSpan.Zero || cooldown > TimeSpan.FromDays(7)))
        {
            errors.Add("cooldown is hh:mm:ss, at most 7 days.");
        }

        if (request.Recipients is { } recipients && (recipients.Count > 1000 || recipients.Any(string.IsNullOrWhiteSpace)))
        {
            errors.Add("recipients are user ids (at most 1,000).");
        }

        var escalation = Escalation(request.Escalation, errors);

        if (request.Parameters is { } parameters && System.Text.Encoding.UTF8.GetByteCount(parameters.ToJsonString()) > security.MaxRuleParametersBytes)
        {
            return (null, TypedResults.Problem(
                title: "Rule parameters too large",
                detail: $"parameters are at most {security.MaxRuleParametersBytes / 1024} KiB of JSON (Security:MaxRuleParametersBytes).",
                statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        // A distress beacon is about lives: its alerts are critical whatever the request says.
        // A port call is news, not trouble: info unless the request says otherwise.
        var severity = request.Kind == RuleKinds.Distress ? "critical" : request.Kind == RuleKinds.PortCall ? request.Severity ?? "info" : request.Severity;

        if (errors.Count > 0)
        {
            return (null, TypedResults.Problem(title: "Invalid rule", detail: string.Join(" ", errors), statusCode: StatusCodes.Status400BadRequest));
        }

        if (!fleets.Current.CanAct(context.User, request.FleetId!.Value))
        {
            return (null, Forbidden("Only the fleet's operators and admins edit its rules."));
        }

        // Alerts go to the fleet's people: a recipient or escalation target outside it would read the fleet's alerts.
        var fleet = fleets.Current.Fleets[request.FleetId.Value];
        var outsiders = (request.Recipients ?? []).Concat(escalation?.To ?? []).Where(u => fleet.MemberOf(u.Trim()) is null).Distinct().ToList();
        if (outsiders.Count > 0)
        {
            return (null, TypedResults.Problem(
                title: "Invalid rule",
                detail: $"recipients and escalation.to must be members of the rule's fleet; not members: {string.Join(", ", outsiders)}.",
                statusCode: StatusCodes.Status400BadRequest));
        }

        var rule = new AlertRule(0, request.Name!.Trim(), request.FleetId.Value, request.Kind ?? string.Empty, severity!, request.Parameters ?? [], request.Recipients, cooldown, default)
        {
            Escalation = escalation,
        };
        var (_, compileErrors) = RuleCompiler.Compile(rule, security.MaxPolygonVertices);
        return compileErrors.Count > 0
            ? (null, TypedResults.Problem(title: "Invalid rule", detail: string.Join(" ", compileErrors), statusCode: StatusCodes.Status400BadRequest))
            : (rule, null);
    }

    private static AlertEscalation? Escalation(EscalationRequest? request, List<string> errors)
    {
        if (request is null)
        {
            return null;
        }

        if (request.After is not { } text || !TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var after) || after <= TimeSpan.Zero || after > TimeSpan.FromDays(7))
        {
            errors.Add("escalation.after is hh:mm:ss, above zero and at most 7 days.");
            return null;
        }

        if (request.To is not { Count: > 0 and <= 100 } to || to.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("escalation.to lists 1 to 100 user ids.");
            return null;
        }

        return new AlertEscalation(after, [.. to.Select(u => u.Trim()).Distinct()]);
    }

    private static ProblemHttpResult NotFound(long id) => TypedResults.Problem(title: "Unknown rule", detail: $"There is no rule {id}.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);
}
