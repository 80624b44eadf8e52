namespace DeepSync.Conversations;

/// <summary>One line of a node's conversation history.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Conversations.TranscriptEntry")]
public sealed record TranscriptEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Guid NodeId,
    [property: Id(2)] string Channel,
    [property: Id(3)] string IdempotencyKey,
    [property: Id(4)] TranscriptRole Role,
    [property: Id(5)] string Sender,
    [property: Id(6)] string Text,
    [property: Id(7)] DateTimeOffset At);
