using System.Runtime.CompilerServices;
using DeepSync.Agents;

namespace DeepSync.Benchmarks.Ports;

/// <summary>An agent that always gives the same answer, so no model or network is involved.</summary>
public sealed class FixedReplyAgentRuntime : IAgentRuntime
{
    public const string Reply = "Roger.";

    public string Name => "fixed";

    public Task<string> EnsureAgentAsync(AgentSpec spec, CancellationToken cancellationToken = default) => Task.FromResult($"agent-{spec.NodeId:N}");

    public Task<string> EnsureConversationAsync(string agentId, string channel, string? existingConversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult($"{agentId}/{channel}");

    public async IAsyncEnumerable<AgentEvent> SendAsync(AgentMessage message, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new AssistantTextDelta(Reply);
        await Task.CompletedTask;
    }

    public Task CancelAsync(string agentId, string conversationId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<MemoryBlock>> GetCoreMemoryAsync(string agentId, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<MemoryBlock>>([]);

    public Task<MemoryBlock> UpdateCoreMemoryAsync(string agentId, string label, string value, CancellationToken cancellationToken = default) =>
        Task.FromResult(new MemoryBlock(label, value, null, null));

    public Task<IReadOnlyList<ArchivalPassage>> SearchArchivalAsync(string agentId, string? query, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ArchivalPassage>>([]);

    public Task<ArchivalPassage> InsertArchivalAsync(string agentId, string text, IReadOnlyList<string> tags, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ArchivalPassage("p", text, tags, DateTimeOffset.UnixEpoch));

    public Task DeleteArchivalAsync(string agentId, string passageId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task DeleteAgentAsync(string agentId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
