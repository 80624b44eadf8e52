using DeepSync.Conversations;

namespace DeepSync.Benchmarks.Ports;

/// <summary>Drops transcript lines: the grain benchmarks measure the grains, not history storage.</summary>
public sealed class DiscardingTranscriptStore : ITranscriptStore
{
    public Task AppendAsync(IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<TranscriptEntry?> FindReplyAsync(Guid nodeId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        Task.FromResult<TranscriptEntry?>(null);

    public Task<TranscriptPage> PageAsync(Guid nodeId, string? channel, long? before, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(new TranscriptPage([], null));
}
