namespace DeepSync.Conversations;

/// <summary>
/// A live event of a node's conversations, sent to the node's observers (every open chat tab). Events
/// may arrive out of order: order them by <see cref="Sequence"/>. A <see cref="ChatEventKind.Delta"/>
/// carries the whole reply so far, so a late or lost event never garbles the text.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Conversations.ChatEvent")]
public sealed record ChatEvent(
    [property: Id(0)] Guid NodeId,
    [property: Id(1)] string Channel,
    [property: Id(2)] string IdempotencyKey,
    [property: Id(3)] ChatEventKind Kind,
    [property: Id(4)] string? Text,
    [property: Id(5)] string? Sender,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] long Sequence);
