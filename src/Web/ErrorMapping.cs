using DeepSync.Errors;

namespace DeepSync.Web;

/// <summary>Turns a refused request into a problem response with the right status and a stable code.</summary>
public static class ErrorMapping
{
    public static int StatusCode(DeepSyncError code) => code switch
    {
        DeepSyncError.ValidationFailed => StatusCodes.Status400BadRequest,
        DeepSyncError.NodeNotFound or DeepSyncError.TierNotFound or DeepSyncError.SubscriptionNotFound or DeepSyncError.NodeDeleted => StatusCodes.Status404NotFound,
        DeepSyncError.NodeSuspended => StatusCodes.Status423Locked,
        DeepSyncError.Forbidden => StatusCodes.Status403Forbidden,
        DeepSyncError.NodeLimitReached or DeepSyncError.TierInUse or DeepSyncError.TierArchived or DeepSyncError.Conflict or DeepSyncError.NodeNotRunning => StatusCodes.Status409Conflict,
        DeepSyncError.RuntimeUnavailable => StatusCodes.Status503ServiceUnavailable,
        DeepSyncError.NotSupportedByRuntime => StatusCodes.Status501NotImplemented,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Snake-case code clients can switch on, e.g. <c>NODE_SUSPENDED</c>.</summary>
    public static string Code(DeepSyncError code) => string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    public static IResult ToResult(DeepSyncException ex) =>
        Results.Problem(detail: ex.Message, statusCode: StatusCode(ex.Code), extensions: new Dictionary<string, object?> { ["code"] = Code(ex.Code) });
}
