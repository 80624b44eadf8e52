namespace DeepSync.Fleet;

/// <summary>A message for a node's agent, as a channel adapter hands it over.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Fleet.NodeMessage")]
public sealed record NodeMessage(
    [property: Id(0)] string Channel,
    [property: Id(1)] string Sender,
    [property: Id(2)] string Text,
    [property: Id(3)] string IdempotencyKey);
