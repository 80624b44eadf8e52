namespace DeepSync.Web.Conversations;

/// <summary>
/// One message of the web conversation and the teammate's reply to it, keyed by the message's
/// idempotency key (the key every event and transcript line of the pair carries).
/// </summary>
public sealed class ChatExchange(string key)
{
    public string Key { get; } = key;

    /// <summary>Position in the conversation: the transcript sequence when known, else arrival order after all history.</summary>
    public long Order { get; internal set; } = long.MaxValue;

    public string? Sender { get; internal set; }

    public string? Text { get; internal set; }

    public DateTimeOffset? SentAt { get; internal set; }

    public string? ReplySender { get; internal set; }

    /// <summary>The reply so far; complete once <see cref="Status"/> is <see cref="ExchangeStatus.Answered"/>.</summary>
    public string? Reply { get; internal set; }

    public DateTimeOffset? RepliedAt { get; internal set; }

    public ExchangeStatus Status { get; internal set; } = ExchangeStatus.Queued;

    /// <summary>What the node said about a delay or a failure (e.g. "teammate offline — message queued").</summary>
    public string? Note { get; internal set; }

    /// <summary>The highest <see cref="DeepSync.Conversations.ChatEvent.Sequence"/> applied; older events are stale.</summary>
    public long LastSequence { get; internal set; }

    /// <summary>True while a reply is being written (the typing indicator shows).</summary>
    public bool IsReplying => Status is ExchangeStatus.Typing or ExchangeStatus.Streaming;
}
