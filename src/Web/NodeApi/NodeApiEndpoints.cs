using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Governance.Egress;
using DeepSync.Text;
using Microsoft.AspNetCore.Http.Features;

namespace DeepSync.Web.NodeApi;

/// <summary>
/// The node-facing API: endpoints the teammate containers call, authenticated by each node's own
/// credential (never by a user's cookie). The credential is checked before the body is read.
/// </summary>
public static class NodeApiEndpoints
{
    /// <summary>Largest request body the node API reads.</summary>
    public const int MaxBodyBytes = 32 * 1024;

    private static readonly Actor Guard = Actor.ForPolicy("egress guard");

    /// <summary>Maps the node API; the egress policy comes from <c>DeepSync:Egress</c> (defaults: the deny list of the product brief).</summary>
    public static IEndpointRouteBuilder MapNodeApi(this IEndpointRouteBuilder endpoints)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        var policy = new EgressPolicy(configuration.GetSection("DeepSync:Egress").Get<EgressPolicyOptions>() ?? new EgressPolicyOptions());
        var api = endpoints.MapGroup("/api/nodes/{nodeId:guid}").AddEndpointFilter<NodeCredentialFilter>();
        api.MapPost("/egress/check", (Guid nodeId, HttpContext context, IGrainFactory grains, ILoggerFactory loggers) =>
                CheckEgressAsync(nodeId, context, policy, grains, loggers))
            .WithName("EgressCheck")
            .DisableAntiforgery();
        return endpoints;
    }

    /// <summary>
    /// Decides whether the node may run a tool. A denial is a security strike against the node; the
    /// third within 24 hours across the owner's nodes suspends them all.
    /// </summary>
    private static async Task<IResult> CheckEgressAsync(Guid nodeId, HttpContext context, EgressPolicy policy, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        EgressCheckRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<EgressCheckRequest>(context.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or BadHttpRequestException or InvalidOperationException)
        {
            return Results.Problem("The body must be JSON: {\"tool\": \"...\", \"command\": \"...\"}.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Tool) || request.Tool.Length > 100)
        {
            return Results.Problem("A tool name of 1-100 characters is required.", statusCode: StatusCodes.Status400BadRequest);
        }

        var decision = policy.Decide(new EgressRequest(request.Tool, request.Command));
        if (decision.Allowed)
        {
            return Results.Ok(new EgressCheckResponse(true, decision.Reason, null, "none", null, false));
        }

        var node = await grains.GetGrain<ITeammateNodeGrain>(nodeId).Get(Actor.ForSystem("egress-guard"));
        // The decision above read the command as the node sent it; the ledger gets a scrubbed excerpt,
        // since a node can put anything in it (U+0000 included, which PostgreSQL cannot store).
        var excerpt = request.Command is { Length: > 300 } full ? full[..300] + "…" : request.Command ?? string.Empty;
        var detail = UserText.Scrub($"{request.Tool}: {excerpt}");
        var outcome = await grains.GetGrain<ISubscriptionGrain>(node.OwnerId)
            .RecordStrike(nodeId, decision.Severity, decision.MatchedRule ?? "denied", detail, Guard);
        loggers.CreateLogger("DeepSync.EgressGuard").LogWarning(
            "Egress denied for node {NodeId}: rule {Rule}, severity {Severity}, {Strikes} strike(s) in 24 h",
            nodeId,
            decision.MatchedRule,
            decision.Severity,
            outcome.StrikesInWindow);
        return Results.Ok(new EgressCheckResponse(
            false,
            decision.Reason,
            decision.MatchedRule,
            decision.Severity.ToString().ToLowerInvariant(),
            outcome.StrikesInWindow,
            outcome.SuspendedAllNodes));
    }
}
