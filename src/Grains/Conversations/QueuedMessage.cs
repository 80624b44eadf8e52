namespace DeepSync.Conversations;

/// <summary>A message stored in the node's state until its reply is complete.</summary>
[GenerateSerializer]
[Alias("DeepSync.Conversations.QueuedMessage")]
public sealed record QueuedMessage(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string Channel,
    [property: Id(2)] string Sender,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset ReceivedAt);
