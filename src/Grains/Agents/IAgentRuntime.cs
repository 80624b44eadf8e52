namespace DeepSync.Agents;

/// <summary>The agent behind a node: answers a message in a conversation.</summary>
public interface IAgentRuntime
{
    /// <summary>Sends <paramref name="turn"/> to the node's agent and returns the complete reply.</summary>
    Task<string> ReplyAsync(AgentTurn turn, CancellationToken cancellationToken = default);
}
