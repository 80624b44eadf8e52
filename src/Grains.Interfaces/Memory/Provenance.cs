namespace DeepSync.Memory;

/// <summary>Where an archival passage came from: channel, message, author and time.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Memory.Provenance")]
public sealed record Provenance(
    [property: Id(0)] string Channel,
    [property: Id(1)] string? MessageKey,
    [property: Id(2)] string Author,
    [property: Id(3)] DateTimeOffset At);
