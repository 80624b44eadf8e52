namespace DeepSync.Conversations;

/// <summary>Conversation history, kept outside grain state so it can grow and be paged.</summary>
public interface ITranscriptStore
{
    /// <summary>
    /// Records lines; a line already recorded (same node, key and role) is left as it is. Throws
    /// <see cref="TranscriptRejectedException"/> when the lines can never be stored; any other exception
    /// means the store is away for now.
    /// </summary>
    Task AppendAsync(IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The recorded reply to the message with this idempotency key, if it was answered.</summary>
    Task<TranscriptEntry?> FindReplyAsync(Guid nodeId, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> lines before <paramref name="before"/> (newest page when null), oldest first.</summary>
    Task<TranscriptPage> PageAsync(Guid nodeId, string? channel, long? before, int limit, CancellationToken cancellationToken = default);
}
