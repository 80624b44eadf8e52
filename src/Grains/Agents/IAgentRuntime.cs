namespace DeepSync.Agents;

/// <summary>
/// The mind behind a node: a stateful agent with core memory (blocks always in context) and archival
/// memory (searchable passages). Each channel talks to the agent in its own conversation, so web,
/// Telegram and voice threads stay apart while sharing memory. Failures a caller may retry throw
/// <see cref="AgentRuntimeException"/> with <see cref="AgentRuntimeException.Transient"/> set;
/// operations a runtime cannot do throw it with <see cref="AgentRuntimeException.NotSupported"/> set.
/// </summary>
public interface IAgentRuntime
{
    /// <summary>A short name for people and logs: <c>offline</c>, <c>letta</c> or <c>openai-compatible</c>.</summary>
    string Name { get; }

    /// <summary>Creates the node's agent (or confirms <see cref="AgentSpec.ExistingAgentId"/> still exists); returns its id.</summary>
    Task<string> EnsureAgentAsync(AgentSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Returns the id of the conversation for one channel of the agent, creating it when needed.</summary>
    Task<string> EnsureConversationAsync(string agentId, string channel, string? existingConversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends one user message and streams the agent's response as it is produced. Cancelling the token
    /// abandons the stream; <see cref="CancelAsync"/> also stops the run on the runtime's side.
    /// </summary>
    IAsyncEnumerable<AgentEvent> SendAsync(AgentMessage message, CancellationToken cancellationToken = default);

    /// <summary>Stops whatever run is in progress in the conversation.</summary>
    Task CancelAsync(string agentId, string conversationId, CancellationToken cancellationToken = default);

    /// <summary>The agent's core memory blocks.</summary>
    Task<IReadOnlyList<MemoryBlock>> GetCoreMemoryAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the value of one core memory block.</summary>
    Task<MemoryBlock> UpdateCoreMemoryAsync(string agentId, string label, string value, CancellationToken cancellationToken = default);

    /// <summary>Archival passages, best matches first when <paramref name="query"/> is given, newest first otherwise.</summary>
    Task<IReadOnlyList<ArchivalPassage>> SearchArchivalAsync(string agentId, string? query, int limit, CancellationToken cancellationToken = default);

    /// <summary>Adds a passage to archival memory.</summary>
    Task<ArchivalPassage> InsertArchivalAsync(string agentId, string text, IReadOnlyList<string> tags, CancellationToken cancellationToken = default);

    /// <summary>Removes a passage from archival memory.</summary>
    Task DeleteArchivalAsync(string agentId, string passageId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the agent and its memory.</summary>
    Task DeleteAgentAsync(string agentId, CancellationToken cancellationToken = default);
}
