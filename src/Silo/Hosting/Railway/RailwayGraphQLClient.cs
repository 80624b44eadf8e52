using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepSync.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DeepSync.Silo.Hosting.Railway;

/// <summary>
/// Sends one GraphQL operation to Railway's public API and returns its <c>data</c>; every way it can fail
/// becomes a <see cref="NodeHostException"/> that says whether trying again later may help.
/// </summary>
public sealed class RailwayGraphQLClient(HttpClient http, IOptions<RailwayOptions> options, ILogger<RailwayGraphQLClient> logger)
{
    /// <summary>The operation a request carries, for the HTTP log.</summary>
    internal static readonly HttpRequestOptionsKey<string> Operation = new("DeepSync.Railway.Operation");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Runs <paramref name="document"/> (one of <see cref="RailwayDocuments"/>) named <paramref name="operation"/>.
    /// With <paramref name="repeatable"/> false the request is retried only when Railway throttled it.
    /// </summary>
    public async Task<JsonElement> SendAsync(string operation, string document, object variables, bool repeatable = true, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, (Uri?)null)
        {
            Content = JsonContent.Create(new GraphQLRequest(document, operation, variables), options: Json),
        };
        request.Options.Set(Operation, operation);
        request.Options.Set(RailwayResilience.NotRepeatable, !repeatable);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            var pause = e.RetryAfter is { } retryAfter ? $" for about {Math.Ceiling(retryAfter.TotalSeconds)} s" : "";
            throw Transient(operation, $"calls to Railway are paused{pause}: the circuit breaker opened after repeated failures", e);
        }
        catch (TimeoutRejectedException e)
        {
            var o = options.Value;
            throw Transient(operation, $"Railway did not answer in time (each attempt {o.RequestTimeout}, all attempts {o.TotalTimeout})", e);
        }
        catch (HttpRequestException e)
        {
            throw Transient(operation, $"Railway could not be reached ({e.HttpRequestError})", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Transient(operation, "the request to Railway was abandoned", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(operation, response, body, repeatable);
            }

            return ReadData(operation, body);
        }
    }

    private NodeHostException Failure(string operation, HttpResponseMessage response, string body, bool repeatable)
    {
        var code = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests:
                var wait = RailwayResilience.RetryAfter(response) is { } retryAfter ? $"; it asks to wait {Math.Ceiling(retryAfter.TotalSeconds)} s" : "";
                return Transient(operation, $"Railway is rate-limiting requests ({code}{wait})");
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                // The token is named by its setting, never shown.
                return Permanent(operation, $"Railway rejected the token ({code}); check {RailwayOptions.Section}:Token (DeepSync__Railway__Token)");
            case HttpStatusCode.RequestTimeout:
            case >= HttpStatusCode.InternalServerError:
                return Transient(operation, repeatable ? $"Railway answered {code} after {options.Value.MaxRetries} retries" : $"Railway answered {code}");
            default:
                var errors = ErrorMessages(body);
                return Permanent(operation, errors is null ? $"Railway answered {code}" : $"Railway answered {code}: {errors}");
        }
    }

    private JsonElement ReadData(string operation, string body)
    {
        JsonDocument answer;
        try
        {
            answer = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            // A 200 that is not JSON comes from something in front of Railway, not from its API.
            throw Transient(operation, "Railway's answer was not JSON", e);
        }

        using (answer)
        {
            if (ErrorMessages(answer.RootElement) is { } errors)
            {
                throw Permanent(operation, errors);
            }

            if (answer.RootElement.ValueKind != JsonValueKind.Object
                || !answer.RootElement.TryGetProperty("data", out var data)
                || data.ValueKind != JsonValueKind.Object)
            {
                throw Permanent(operation, "Railway's answer had no data");
            }

            return data.Clone();
        }
    }

    private static string? ErrorMessages(string body)
    {
        try
        {
            using var answer = JsonDocument.Parse(body);
            return ErrorMessages(answer.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ErrorMessages(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object
            || !answer.TryGetProperty("errors", out var errors)
            || errors.ValueKind != JsonValueKind.Array
            || errors.GetArrayLength() == 0)
        {
            return null;
        }

        var messages = errors.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null)
            .Select(m => string.IsNullOrWhiteSpace(m) ? "(an error without a message)" : m);
        return string.Join("; ", messages);
    }

    private NodeHostException Transient(string operation, string reason, Exception? inner = null)
    {
        RailwayLog.CallFailed(logger, operation, true, reason);
        return new NodeHostException($"Railway call {operation} failed: {reason}.", transient: true, inner);
    }

    private NodeHostException Permanent(string operation, string reason)
    {
        RailwayLog.CallFailed(logger, operation, false, reason);
        return new NodeHostException($"Railway refused {operation}: {reason}", transient: false);
    }

    /// <summary>The body of a GraphQL request.</summary>
    private sealed record GraphQLRequest(string Query, string OperationName, object Variables);
}
