namespace DeepSync.Conversations;

/// <summary>What happened to a message on its way through a node.</summary>
public enum ChatEventKind
{
    /// <summary>A message was stored and waits for its turn.</summary>
    Queued = 0,
    /// <summary>The agent started answering.</summary>
    Started = 1,
    /// <summary>More reply text; <see cref="ChatEvent.Text"/> holds the reply so far.</summary>
    Delta = 2,
    /// <summary>The reply is complete (see <see cref="ChatEvent.Text"/> for all of it).</summary>
    Completed = 3,
    /// <summary>The runtime is unreachable; the message stays queued and is retried.</summary>
    RuntimeOffline = 4,
    /// <summary>The node is sleeping and is being woken for this message.</summary>
    WakingUp = 5,
    /// <summary>The run was cut by a suspension; nothing more is delivered.</summary>
    Cancelled = 6,
    /// <summary>The runtime refused the message; it will not be retried.</summary>
    Failed = 7,
}
