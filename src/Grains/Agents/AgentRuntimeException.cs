namespace DeepSync.Agents;

/// <summary>The agent runtime refused or failed an operation.</summary>
public sealed class AgentRuntimeException(string message, bool transient = false, bool notSupported = false, bool busy = false, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Retrying later may succeed (runtime down, timeout, 5xx).</summary>
    public bool Transient { get; } = transient;

    /// <summary>This runtime cannot do the operation at all (e.g. memory on a chat-completions server).</summary>
    public bool NotSupported { get; } = notSupported;

    /// <summary>The conversation already has a run in progress (HTTP 409); retry after it ends.</summary>
    public bool Busy { get; } = busy;
}
