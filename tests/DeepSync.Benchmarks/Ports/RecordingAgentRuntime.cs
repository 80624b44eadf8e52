using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using DeepSync.Agents;

namespace DeepSync.Benchmarks.Ports;

/// <summary>
/// The zero-latency runtime of <see cref="FixedReplyAgentRuntime"/> (one text delta, no await that
/// yields), counting every message that reaches it. For agents put under watch it also keeps the
/// <see cref="Stopwatch"/> timestamp at which each message arrived, which is what the kill-switch
/// benchmark checks its safety property against.
/// </summary>
public sealed class RecordingAgentRuntime : IAgentRuntime
{
    private readonly FixedReplyAgentRuntime _inner = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _watched = new();
    private long _sends;

    public string Name => _inner.Name;

    /// <summary>Messages that reached the runtime (any agent).</summary>
    public long Sends => Interlocked.Read(ref _sends);

    /// <summary>Starts keeping arrival times for <paramref name="agentId"/>.</summary>
    public void Watch(string agentId) => _watched.TryAdd(agentId, new ConcurrentQueue<long>());

    /// <summary>Arrival timestamps (<see cref="Stopwatch.GetTimestamp"/>) of messages for a watched agent.</summary>
    public IReadOnlyList<long> ArrivalsOf(string agentId) => _watched.TryGetValue(agentId, out var arrivals) ? [.. arrivals] : [];

    public Task<string> EnsureAgentAsync(AgentSpec spec, CancellationToken cancellationToken = default) => _inner.EnsureAgentAsync(spec, cancellationToken);

    public Task<string> EnsureConversationAsync(string agentId, string channel, string? existingConversationId, CancellationToken cancellationToken = default) =>
        _inner.EnsureConversationAsync(agentId, channel, existingConversationId, cancellationToken);

    public async IAsyncEnumerable<AgentEvent> SendAsync(AgentMessage message, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The iterator body starts at the first MoveNextAsync: the moment the message reaches the runtime.
        Interlocked.Increment(ref _sends);
        if (_watched.TryGetValue(message.AgentId, out var arrivals))
        {
            arrivals.Enqueue(Stopwatch.GetTimestamp());
        }

        await foreach (var item in _inner.SendAsync(message, cancellationToken))
        {
            yield return item;
        }
    }

    public Task CancelAsync(string agentId, string conversationId, CancellationToken cancellationToken = default) => _inner.CancelAsync(agentId, conversationId, cancellationToken);

    public Task<IReadOnlyList<MemoryBlock>> GetCoreMemoryAsync(string agentId, CancellationToken cancellationToken = default) => _inner.GetCoreMemoryAsync(agentId, cancellationToken);

    public Task<MemoryBlock> UpdateCoreMemoryAsync(string agentId, string label, string value, CancellationToken cancellationToken = default) =>
        _inner.UpdateCoreMemoryAsync(agentId, label, value, cancellationToken);

    public Task<IReadOnlyList<ArchivalPassage>> SearchArchivalAsync(string agentId, string? query, int limit, CancellationToken cancellationToken = default) =>
        _inner.SearchArchivalAsync(agentId, query, limit, cancellationToken);

    public Task<ArchivalPassage> InsertArchivalAsync(string agentId, string text, IReadOnlyList<string> tags, CancellationToken cancellationToken = default) =>
        _inner.InsertArchivalAsync(agentId, text, tags, cancellationToken);

    public Task DeleteArchivalAsync(string agentId, string passageId, CancellationToken cancellationToken = default) => _inner.DeleteArchivalAsync(agentId, passageId, cancellationToken);

    public Task DeleteAgentAsync(string agentId, CancellationToken cancellationToken = default) => _inner.DeleteAgentAsync(agentId, cancellationToken);
}
