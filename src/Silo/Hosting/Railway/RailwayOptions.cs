using Microsoft.Extensions.Configuration;

namespace DeepSync.Silo.Hosting.Railway;

/// <summary>
/// How DeepSync reaches Railway to run node containers (section <c>DeepSync:Railway</c>, environment
/// variables <c>DeepSync__Railway__*</c>). Setting <see cref="Token"/> selects Railway as the node host.
/// </summary>
public sealed class RailwayOptions
{
    public const string Section = "DeepSync:Railway";

    /// <summary>Railway's public GraphQL endpoint.</summary>
    public const string DefaultEndpoint = "https://backboard.railway.com/graphql/v2";

    /// <summary>A Railway workspace (team) or account token, sent as <c>Authorization: Bearer</c>. A secret: never logged.</summary>
    public string? Token { get; set; }

    /// <summary>The project the node services are created in.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The environment (usually production) the node services are configured and deployed in.</summary>
    public string? EnvironmentId { get; set; }

    /// <summary>The omni-node container image every node service runs, e.g. <c>ghcr.io/owner/omni-node:1.2.3</c>.</summary>
    public string? Image { get; set; }

    /// <summary>
    /// Variables every node service gets in addition to the node's own (e.g. <c>LETTA_API_KEY</c> for the
    /// omni-node image). Values are secrets: never logged. A node's own variables win on a clash.
    /// </summary>
    public Dictionary<string, string> NodeVariables { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The GraphQL endpoint; only tests point it elsewhere.</summary>
    public string Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>How long one HTTP attempt may take before it is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one call may take including every retry and wait.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after a throttled, failed or timed-out attempt.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay; it doubles with each retry and is jittered.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <c>Retry-After</c> waited for inside one call. A longer one ends the call with a transient
    /// failure instead, so a grain is not held for minutes; it can retry later.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts that must be seen within <see cref="CircuitSamplingDuration"/> before the circuit may open.</summary>
    public int CircuitMinimumThroughput { get; set; } = 10;

    /// <summary>The window in which failures are counted (at least twice <see cref="RequestTimeout"/>).</summary>
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long calls fail fast once the circuit has opened (half or more of the sampled attempts failed).</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether configuration selects Railway as the node host: a token is set.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{Section}:{nameof(Token)}"]);
}
