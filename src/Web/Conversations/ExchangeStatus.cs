namespace DeepSync.Web.Conversations;

/// <summary>Where one message and its reply stand, as the chat shows it.</summary>
public enum ExchangeStatus
{
    /// <summary>Stored by the node and waiting for its turn (or sent from this tab and not yet acknowledged).</summary>
    Queued = 0,
    /// <summary>The node is asleep and is being woken for this message.</summary>
    WakingUp = 1,
    /// <summary>The runtime is unreachable; the message stays queued and is retried.</summary>
    Offline = 2,
    /// <summary>The agent started answering; no text yet.</summary>
    Typing = 3,
    /// <summary>Reply text is arriving.</summary>
    Streaming = 4,
    /// <summary>The reply is complete.</summary>
    Answered = 5,
    /// <summary>The runtime refused the message; it will not be retried.</summary>
    Failed = 6,
    /// <summary>The run was cut by a suspension.</summary>
    Cancelled = 7,
    /// <summary>History holds the message but no reply, and it is no longer queued.</summary>
    Unanswered = 8,
}
