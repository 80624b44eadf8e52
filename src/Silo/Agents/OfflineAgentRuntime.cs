using DeepSync.Agents;

namespace DeepSync.Silo.Agents;

/// <summary>
/// The runtime used when no agent API is configured: it answers at once, honestly, that the teammate
/// runs offline, echoing what it received so a conversation can be followed.
/// </summary>
public sealed class OfflineAgentRuntime : IAgentRuntime
{
    public Task<string> ReplyAsync(AgentTurn turn, CancellationToken cancellationToken = default)
    {
        var excerpt = turn.Text.Length > 200 ? turn.Text[..200] + "…" : turn.Text;
        return Task.FromResult(
            $"{turn.NodeName} is running offline, so I can't think about this yet. I received: \"{excerpt}\". " +
            "Configure an agent runtime (Letta or an OpenAI-compatible server) to give me a real mind.");
    }
}
