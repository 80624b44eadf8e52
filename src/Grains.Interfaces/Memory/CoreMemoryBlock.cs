namespace DeepSync.Memory;

/// <summary>
/// A core memory block as the owner sees it. <see cref="Version"/> identifies this exact value: an edit
/// must name the version it started from, so two editors cannot overwrite each other unnoticed.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Memory.CoreMemoryBlock")]
public sealed record CoreMemoryBlock(
    [property: Id(0)] string Label,
    [property: Id(1)] string Value,
    [property: Id(2)] int? Limit,
    [property: Id(3)] string? Description,
    [property: Id(4)] string Version);
