namespace DeepSync.Web.NodeApi;

/// <summary>
/// The node-facing API: endpoints the teammate containers call, authenticated by each node's own
/// credential (never by a user's cookie).
/// </summary>
public static class NodeApiEndpoints
{
    public static IEndpointRouteBuilder MapNodeApi(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
