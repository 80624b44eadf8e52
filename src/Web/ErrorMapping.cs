using DeepSync.Errors;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;

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

    /// <summary>
    /// The answer to an exception nothing else handled: a refusal keeps its status; a request the client
    /// got wrong (unreadable body, missing antiforgery token, too large, wrong media type) is 4xx with a
    /// clear message; only DeepSync's own faults are 5xx.
    /// </summary>
    public static IResult ForException(Exception? error) => error switch
    {
        DeepSyncException refusal => ToResult(refusal),
        BadHttpRequestException { InnerException: AntiforgeryValidationException } or AntiforgeryValidationException =>
            Results.Problem(ExpiredForm, statusCode: StatusCodes.Status400BadRequest),
        BadHttpRequestException bad => Results.Problem(ClientFault(bad.StatusCode), statusCode: bad.StatusCode),
        InvalidDataException data when data.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) =>
            Results.Problem(Edge.FormChecks.TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge),
        InvalidDataException => Results.Problem(Edge.FormChecks.Unreadable, statusCode: StatusCodes.Status400BadRequest),
        _ => Results.Problem("The request could not be completed; try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable),
    };

    /// <summary>Handles the exception recorded on <paramref name="context"/> (for <c>UseExceptionHandler</c>).</summary>
    public static Task HandleAsync(HttpContext context) =>
        ForException(context.Features.Get<IExceptionHandlerFeature>()?.Error).ExecuteAsync(context);

    public const string ExpiredForm = "The form has expired or did not come from DeepSync; reload the page and try again.";

    /// <summary>A message for a request the client got wrong, by status.</summary>
    public static string ClientFault(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The request body is not in a supported format (a form or JSON, as the endpoint expects).",
        StatusCodes.Status408RequestTimeout => "The request body arrived too slowly.",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "The request headers are too large.",
        _ => "The request could not be read; check its body and parameters.",
    };
}
