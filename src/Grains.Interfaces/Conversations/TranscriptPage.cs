namespace DeepSync.Conversations;

/// <summary>A page of history, oldest first; pass <see cref="NextBefore"/> to read further back.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Conversations.TranscriptPage")]
public sealed record TranscriptPage(
    [property: Id(0)] IReadOnlyList<TranscriptEntry> Entries,
    [property: Id(1)] long? NextBefore);
