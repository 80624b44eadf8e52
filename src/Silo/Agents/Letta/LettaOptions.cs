namespace DeepSync.Silo.Agents.Letta;

/// <summary>
/// How to reach a Letta v1 REST API (section <c>DeepSync:Letta</c>): Letta Cloud or any server that
/// speaks the same v1 API. Setting <see cref="ApiKey"/> or <see cref="BaseUrl"/> selects this runtime.
/// </summary>
public sealed class LettaOptions
{
    public const string Section = "DeepSync:Letta";

    /// <summary>Letta Cloud; used when only an API key is configured.</summary>
    public const string CloudUrl = "https://api.letta.com";

    /// <summary>The server's root (the client appends <c>/v1/...</c>). Empty means Letta Cloud.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c>. Required for Letta Cloud; a self-hosted server without a password may leave it empty.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Model handle for new agents, <c>provider/model-name</c>.</summary>
    public string Model { get; set; } = "openai/gpt-4o-mini";

    /// <summary>Embedding model handle for new agents (archival memory), <c>provider/model-name</c>.</summary>
    public string Embedding { get; set; } = "openai/text-embedding-3-small";

    /// <summary>
    /// How long one call may take (non-streaming calls, per attempt), and how long a stream may stay
    /// silent before it counts as dead. Letta pings an open stream, so silence means a lost server.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a tool call may wait for someone to approve it before DeepSync denies it, so that a
    /// conversation blocked on a forgotten approval (HTTP 409 <c>PENDING_APPROVAL</c>) frees itself.
    /// </summary>
    public TimeSpan ApprovalDenyAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The base URL in effect: <see cref="BaseUrl"/>, or Letta Cloud when it is empty.</summary>
    public Uri EffectiveBaseUrl => new(string.IsNullOrWhiteSpace(BaseUrl) ? CloudUrl : BaseUrl.TrimEnd('/') + "/");

    /// <summary>Whether calls go to Letta Cloud, which always needs an API key.</summary>
    public bool IsCloud => string.Equals(EffectiveBaseUrl.Host, new Uri(CloudUrl).Host, StringComparison.OrdinalIgnoreCase);
}
