namespace DeepSync.Fleet;

/// <summary>The agent's answer to a <see cref="NodeMessage"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Fleet.NodeReply")]
public sealed record NodeReply(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string Text,
    [property: Id(2)] DateTimeOffset At);
