using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace DeepSync.Silo.Hosting.Railway;

/// <summary>How calls to Railway are retried, timed out and cut off when Railway keeps failing.</summary>
internal static class RailwayResilience
{
    /// <summary>
    /// Marks a request whose effect is not safe to repeat after an unknown outcome (a timeout or a 5xx may
    /// come after Railway acted). Such a request is retried only when Railway throttled it, which means it
    /// was not processed; the caller decides what to do about anything else.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> NotRepeatable = new("DeepSync.Railway.NotRepeatable");

    /// <summary>Half or more of the sampled attempts failing opens the circuit.</summary>
    private const double CircuitFailureRatio = 0.5;

    public static void Configure(HttpStandardResilienceOptions resilience, RailwayOptions railway)
    {
        resilience.TotalRequestTimeout.Timeout = railway.TotalTimeout;
        resilience.AttemptTimeout.Timeout = railway.RequestTimeout;

        resilience.Retry.MaxRetryAttempts = railway.MaxRetries;
        resilience.Retry.Delay = railway.RetryBaseDelay;
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        // Railway's 429 carries Retry-After; waiting exactly that long is what it asks for.
        resilience.Retry.ShouldRetryAfterHeader = true;
        resilience.Retry.ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, railway.MaxRetryAfter));

        resilience.CircuitBreaker.FailureRatio = CircuitFailureRatio;
        resilience.CircuitBreaker.MinimumThroughput = railway.CircuitMinimumThroughput;
        resilience.CircuitBreaker.SamplingDuration = railway.CircuitSamplingDuration;
        resilience.CircuitBreaker.BreakDuration = railway.CircuitBreakDuration;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxRetryAfter)
    {
        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } throttled)
        {
            return RetryAfter(throttled) is not { } wait || wait <= maxRetryAfter;
        }

        if (context.GetRequestMessage() is { } request && request.Options.TryGetValue(NotRepeatable, out var notRepeatable) && notRepeatable)
        {
            return false;
        }

        return HttpClientResiliencePredicates.IsTransient(outcome);
    }

    /// <summary>The wait a response asks for in its Retry-After header (seconds or a date), if any.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => TimeSpan.FromTicks(Math.Max(0, (date - DateTimeOffset.UtcNow).Ticks)),
        _ => null,
    };
}
