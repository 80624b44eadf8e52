using DeepSync.Governance;

namespace DeepSync.Web.NodeApi;

/// <summary>
/// Lets a request through only with the node's current credential as a Bearer token. Runs before the
/// endpoint reads the body; a suspended or deleted node's credential is revoked, so it gets 401 too.
/// </summary>
public sealed class NodeCredentialFilter(INodeCredentials credentials) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var ok = http.Request.RouteValues.TryGetValue("nodeId", out var raw)
            && Guid.TryParse(raw?.ToString(), out var nodeId)
            && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && await credentials.VerifyAsync(nodeId, header["Bearer ".Length..].Trim(), http.RequestAborted);
        if (!ok)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem("A valid node credential is required.", statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }
}
