using Microsoft.Extensions.Options;

namespace DeepSync.Silo.Hosting.Railway;

/// <summary>
/// Start-up validation of <see cref="RailwayOptions"/>. Every message names the setting and its environment
/// variable; none repeats the token.
/// </summary>
public sealed class RailwayOptionsValidator : IValidateOptions<RailwayOptions>
{
    // Polly refuses timeouts under 10 ms and break or sampling durations under 0.5 s; checking here turns
    // its exception at the first call into a message at start-up.
    private static readonly TimeSpan ShortestTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ShortestCircuitWindow = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, RailwayOptions options)
    {
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.Token))
        {
            failures.Add($"{Setting(nameof(options.Token))} must be set to a Railway workspace or account token.");
        }
        else if (options.Token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{Setting(nameof(options.Token))} must be the bare token, without the 'Bearer ' prefix.");
        }
        else if (options.Token.Any(char.IsWhiteSpace))
        {
            failures.Add($"{Setting(nameof(options.Token))} must not contain spaces or line breaks.");
        }

        RequireId(failures, nameof(options.ProjectId), options.ProjectId, "the id of the Railway project the nodes run in");
        RequireId(failures, nameof(options.EnvironmentId), options.EnvironmentId, "the id of the Railway environment the nodes are deployed in");

        if (string.IsNullOrWhiteSpace(options.Image))
        {
            failures.Add($"{Setting(nameof(options.Image))} must name the omni-node container image (e.g. ghcr.io/owner/omni-node:1.2.3).");
        }
        else if (options.Image.Any(char.IsWhiteSpace))
        {
            failures.Add($"{Setting(nameof(options.Image))} must be an image reference without spaces, not '{options.Image}'.");
        }

        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
        {
            failures.Add($"{Setting(nameof(options.Endpoint))} must be an absolute http(s) URL, not '{options.Endpoint}' (default {RailwayOptions.DefaultEndpoint}).");
        }

        Between(failures, nameof(options.RequestTimeout), options.RequestTimeout, ShortestTimeout, OneDay);
        Between(failures, nameof(options.TotalTimeout), options.TotalTimeout, ShortestTimeout, OneDay);
        if (options.TotalTimeout <= options.RequestTimeout)
        {
            failures.Add($"{Setting(nameof(options.TotalTimeout))} ({options.TotalTimeout}) must be longer than {Setting(nameof(options.RequestTimeout))} ({options.RequestTimeout}), or no attempt could be retried.");
        }

        if (options.MaxRetries is < 1 or > 10)
        {
            failures.Add($"{Setting(nameof(options.MaxRetries))} must be between 1 and 10, not {options.MaxRetries}.");
        }

        Between(failures, nameof(options.RetryBaseDelay), options.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Between(failures, nameof(options.MaxRetryAfter), options.MaxRetryAfter, TimeSpan.Zero, OneDay);

        if (options.CircuitMinimumThroughput < 2)
        {
            failures.Add($"{Setting(nameof(options.CircuitMinimumThroughput))} must be at least 2, not {options.CircuitMinimumThroughput}.");
        }

        Between(failures, nameof(options.CircuitSamplingDuration), options.CircuitSamplingDuration, ShortestCircuitWindow, OneDay);
        Between(failures, nameof(options.CircuitBreakDuration), options.CircuitBreakDuration, ShortestCircuitWindow, OneDay);
        if (options.CircuitSamplingDuration < 2 * options.RequestTimeout)
        {
            failures.Add($"{Setting(nameof(options.CircuitSamplingDuration))} ({options.CircuitSamplingDuration}) must be at least twice {Setting(nameof(options.RequestTimeout))} ({options.RequestTimeout}), or timed-out attempts would never be counted.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A setting's configuration key followed by its environment variable.</summary>
    private static string Setting(string property) => $"{RailwayOptions.Section}:{property} ({RailwayOptions.Section.Replace(":", "__", StringComparison.Ordinal)}__{property})";

    private static void RequireId(List<string> failures, string property, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Setting(property)} must be set to {what}.");
        }
        else if (value.Any(char.IsWhiteSpace))
        {
            failures.Add($"{Setting(property)} must be {what}, without spaces, not '{value}'.");
        }
    }

    private static void Between(List<string> failures, string property, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Setting(property)} must be between {min} and {max}, not {value}.");
        }
    }
}
