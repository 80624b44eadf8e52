using DeepSync.Conversations;

namespace DeepSync.Benchmarks.Ports;

/// <summary>
/// Sends the transcripts of chosen nodes to a real store (PostgreSQL) and drops everyone else's, so one
/// silo can run the in-memory message path and the PostgreSQL one side by side. Counts append calls and
/// lines, which the profile reports per message.
/// </summary>
public sealed class RoutingTranscriptStore : ITranscriptStore
{
    private readonly HashSet<Guid> _routed = [];
    private ITranscriptStore? _target;
    private long _appendCalls;
    private long _entries;

    public long AppendCalls => Interlocked.Read(ref _appendCalls);

    public long Entries => Interlocked.Read(ref _entries);

    /// <summary>Routes the given nodes' transcripts to <paramref name="target"/>; set before they receive messages.</summary>
    public void Route(ITranscriptStore target, IEnumerable<Guid> nodeIds)
    {
        _target = target;
        _routed.UnionWith(nodeIds);
    }

    public Task AppendAsync(IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appendCalls);
        Interlocked.Add(ref _entries, entries.Count);
        return _target is not null && entries.Count > 0 && _routed.Contains(entries[0].NodeId)
            ? _target.AppendAsync(entries, cancellationToken)
            : Task.CompletedTask;
    }

    public Task<TranscriptEntry?> FindReplyAsync(Guid nodeId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        _target is not null && _routed.Contains(nodeId)
            ? _target.FindReplyAsync(nodeId, idempotencyKey, cancellationToken)
            : Task.FromResult<TranscriptEntry?>(null);

    public Task<TranscriptPage> PageAsync(Guid nodeId, string? channel, long? before, int limit, CancellationToken cancellationToken = default) =>
        _target is not null && _routed.Contains(nodeId)
            ? _target.PageAsync(nodeId, channel, before, limit, cancellationToken)
            : Task.FromResult(new TranscriptPage([], null));
}
