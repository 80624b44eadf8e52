namespace DeepSync.Errors;

/// <summary>Machine-readable reasons a request was refused. Each maps to one HTTP status at the edge.</summary>
public enum DeepSyncError
{
    /// <summary>The input failed validation; nothing was written.</summary>
    ValidationFailed = 1,
    /// <summary>The node does not exist, or the caller may not see it (the two are indistinguishable on purpose).</summary>
    NodeNotFound = 2,
    /// <summary>The node is suspended; nothing reaches its agent.</summary>
    NodeSuspended = 3,
    /// <summary>The subscription's tier allows no more nodes.</summary>
    NodeLimitReached = 4,
    /// <summary>No tier has that id.</summary>
    TierNotFound = 5,
    /// <summary>The tier is assigned to at least one subscription and cannot be deleted (archive it instead).</summary>
    TierInUse = 6,
    /// <summary>The tier is archived and cannot be assigned.</summary>
    TierArchived = 7,
    /// <summary>The caller is known but not allowed to do this.</summary>
    Forbidden = 8,
    /// <summary>The request conflicts with the current state (e.g. resuming a node that is not suspended).</summary>
    Conflict = 9,
    /// <summary>The subscription has not been provisioned.</summary>
    SubscriptionNotFound = 10,
    /// <summary>The node has been deleted.</summary>
    NodeDeleted = 11,
    /// <summary>The node is not running (never launched, stopped or failed); launch it first.</summary>
    NodeNotRunning = 12,
    /// <summary>The node's agent runtime is unreachable right now.</summary>
    RuntimeUnavailable = 13,
    /// <summary>The node's agent runtime cannot do this at all (e.g. memory on a chat-completions server).</summary>
    NotSupportedByRuntime = 14,
}
