namespace DeepSync.Conversations;

/// <summary>The acknowledgement of a posted message: it is stored and will be delivered (or was, for a repeat).</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Conversations.MessageReceipt")]
public sealed record MessageReceipt(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] bool Duplicate,
    [property: Id(2)] int QueuedAhead,
    [property: Id(3)] DateTimeOffset At);
