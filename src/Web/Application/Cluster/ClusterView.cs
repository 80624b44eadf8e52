namespace DeepSync.Web.Application.Cluster;

/// <summary>
/// The silos serving now, those of earlier runs the membership table still remembers as dead, and the agent
/// runtime the teammates think with (<c>offline</c> when no model is connected).
/// </summary>
public sealed record ClusterView(IReadOnlyList<SiloRow> Live, IReadOnlyList<SiloRow> Gone, string AgentRuntime)
{
    /// <summary>Whether teammates answer without a model (no Letta or OpenAI-compatible server configured).</summary>
    public bool Offline => AgentRuntime == "offline";
}
