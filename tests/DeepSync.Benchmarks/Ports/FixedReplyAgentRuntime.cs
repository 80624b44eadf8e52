using DeepSync.Agents;

namespace DeepSync.Benchmarks.Ports;

/// <summary>An agent that always gives the same answer, so no model or network is involved.</summary>
public sealed class FixedReplyAgentRuntime : IAgentRuntime
{
    public const string Reply = "Roger.";

    public Task<string> ReplyAsync(AgentTurn turn, CancellationToken cancellationToken = default) => Task.FromResult(Reply);
}
