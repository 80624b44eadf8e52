namespace DeepSync.Silo.Agents.OpenAICompatible;

/// <summary>
/// How to reach an OpenAI-compatible chat-completions server (section <c>DeepSync:OpenAICompatible</c>),
/// such as <c>letta server --openai-api</c> in a node container or Letta's <c>/v1/chat/completions</c>,
/// where the model name selects the agent. Setting <see cref="BaseUrl"/> selects this runtime.
/// </summary>
public sealed class OpenAICompatibleOptions
{
    public const string Section = "DeepSync:OpenAICompatible";

    /// <summary>The API root including its version segment, e.g. <c>http://node:8283/v1</c>; the client appends <c>/chat/completions</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c>. Servers without authentication may leave it empty.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The agent to talk to, sent as the model name, for nodes that have no agent id of their own yet.</summary>
    public string? AgentId { get; set; }

    /// <summary>How long the server may take to start answering, and how long a reply may stall.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
