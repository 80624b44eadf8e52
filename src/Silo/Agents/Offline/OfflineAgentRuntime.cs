using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DeepSync.Agents;

namespace DeepSync.Silo.Agents.Offline;

/// <summary>
/// The runtime used when no agent API is configured. It tells the person, in their terms, that this
/// teammate has no model yet and that an operator can connect one (how to is the operators' business:
/// the cluster page and the README), echoing the message so a conversation can be followed; the same
/// message always gets the same reply. Memory lives in this process (persona and human blocks,
/// archival passages found by substring), bounded, so the memory page works without any server —
/// and it is gone when the process stops.
/// </summary>
public sealed class OfflineAgentRuntime(TimeProvider timeProvider, TimeSpan pace) : IAgentRuntime
{
    /// <summary>
    /// The pause between reply pieces: enough for a browser to show the reply streaming, as a real
    /// runtime's does, and short enough to feel instant.
    /// </summary>
    public static readonly TimeSpan DefaultPace = TimeSpan.FromMilliseconds(60);

    public OfflineAgentRuntime(TimeProvider timeProvider)
        : this(timeProvider, DefaultPace)
    {
    }

    /// <summary>Most agents kept in memory; one per node, so far above any fleet one process serves.</summary>
    public const int MaxAgents = 10_000;

    private const int EchoLength = 200;

    private readonly ConcurrentDictionary<string, OfflineMemory> _memories = new(StringComparer.Ordinal);

    /// <summary>For dependency injection, which has no <see cref="TimeProvider"/> registered without a key.</summary>
    public OfflineAgentRuntime()
        : this(TimeProvider.System)
    {
    }

    public string Name => "offline";

    public Task<string> EnsureAgentAsync(AgentSpec spec, CancellationToken cancellationToken = default)
    {
        // An existing id (even another runtime's) is kept, so switching to offline and back does not
        // cost the node its real agent.
        var agentId = string.IsNullOrWhiteSpace(spec.ExistingAgentId) ? $"offline-agent-{spec.NodeId:N}" : spec.ExistingAgentId;
        MemoryOf(agentId).Seed(spec.Persona, spec.Human);
        return Task.FromResult(agentId);
    }

    public Task<string> EnsureConversationAsync(string agentId, string channel, string? existingConversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(string.IsNullOrWhiteSpace(existingConversationId) ? $"offline-conversation-{channel}" : existingConversationId);

    public async IAsyncEnumerable<AgentEvent> SendAsync(AgentMessage message, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var delta in Reply(message.Text))
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Each piece arrives on its own, paced as it would from a real stream.
            if (pace > TimeSpan.Zero)
            {
                await Task.Delay(pace, cancellationToken);
            }
            else
            {
                await Task.Yield();
            }

            yield return new AssistantTextDelta(delta);
        }

        yield return new StopEvent("end_turn");
    }

    /// <summary>Nothing runs for long offline, so there is nothing to stop.</summary>
    public Task CancelAsync(string agentId, string conversationId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<MemoryBlock>> GetCoreMemoryAsync(string agentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(MemoryOf(agentId).Blocks());

    public Task<MemoryBlock> UpdateCoreMemoryAsync(string agentId, string label, string value, CancellationToken cancellationToken = default) =>
        Task.FromResult(MemoryOf(agentId).UpdateBlock(label, value));

    public Task<IReadOnlyList<ArchivalPassage>> SearchArchivalAsync(string agentId, string? query, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(MemoryOf(agentId).Search(query, limit));

    public Task<ArchivalPassage> InsertArchivalAsync(string agentId, string text, IReadOnlyList<string> tags, CancellationToken cancellationToken = default) =>
        Task.FromResult(MemoryOf(agentId).Insert(text, tags, timeProvider.GetUtcNow()));

    public Task DeleteArchivalAsync(string agentId, string passageId, CancellationToken cancellationToken = default)
    {
        MemoryOf(agentId).Delete(passageId);
        return Task.CompletedTask;
    }

    public Task DeleteAgentAsync(string agentId, CancellationToken cancellationToken = default)
    {
        _memories.TryRemove(agentId, out _);
        return Task.CompletedTask;
    }

    /// <summary>The reply, in the pieces it is streamed in.</summary>
    internal static IReadOnlyList<string> Reply(string text)
    {
        var trimmed = text.Trim();
        var echo = trimmed.Length == 0
            ? "Your message was empty. "
            : $"You said: \"{(trimmed.Length > EchoLength ? trimmed[..EchoLength] + "…" : trimmed)}\". ";
        return
        [
            "I don't have a model to think with yet, so I can't really answer your message. ",
            echo,
            "An operator of this DeepSync can connect a model; once they have, I'll reply properly, and everything you send me until then stays in our conversation.",
        ];
    }

    private OfflineMemory MemoryOf(string agentId)
    {
        if (_memories.TryGetValue(agentId, out var memory))
        {
            return memory;
        }

        // After a restart the grains still hold their agent ids; their memory simply starts empty.
        return _memories.Count >= MaxAgents
            ? throw new AgentRuntimeException($"The offline runtime keeps memory for at most {MaxAgents:N0} agents in one process; configure Letta for more.")
            : _memories.GetOrAdd(agentId, _ => new OfflineMemory());
    }
}
