using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace DeepSync.Silo.Hosting.Railway;

/// <summary>
/// Logs each HTTP attempt to Railway (operation, status, duration) and nothing else. It replaces
/// HttpClientFactory's default loggers, whose structured state carries the raw request headers (the Bearer
/// token among them) even where the formatted message shows them redacted.
/// </summary>
internal sealed partial class RailwayHttpLogger(ILogger<RailwayHttpLogger> logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        Answered(logger, OperationOf(request), (int)response.StatusCode, elapsed.TotalMilliseconds);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        Failed(logger, OperationOf(request), exception.GetType().Name, elapsed.TotalMilliseconds);

    private static string OperationOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(RailwayGraphQLClient.Operation, out var operation) ? operation : "(unknown)";

    [LoggerMessage(EventId = 4120, Level = LogLevel.Debug, Message = "Railway {Operation} answered {StatusCode} in {ElapsedMs:0} ms")]
    private static partial void Answered(ILogger logger, string operation, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Debug, Message = "Railway {Operation} attempt ended with {Error} after {ElapsedMs:0} ms")]
    private static partial void Failed(ILogger logger, string operation, string error, double elapsedMs);
}
