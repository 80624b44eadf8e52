namespace DeepSync.Memory;

/// <summary>An archival passage with its provenance (null when the agent stored it on its own).</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Memory.ArchivalMemoryItem")]
public sealed record ArchivalMemoryItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] IReadOnlyList<string> Tags,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] Provenance? Provenance);
