namespace DeepSync.Fleet;

/// <summary>What a user calls their teammate and what it does. Limits are in <c>NodeProfileRules</c>.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Fleet.NodeProfile")]
public sealed record NodeProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string Callsign,
    [property: Id(2)] string Role,
    [property: Id(3)] string Location);
