using DeepSync.Governance;

namespace DeepSync.Fleet;

/// <summary>The persisted state of a <see cref="TeammateNodeGrain"/>.</summary>
[GenerateSerializer]
[Alias("DeepSync.Fleet.TeammateNodeState")]
public sealed class TeammateNodeState
{
    [Id(0)] public bool Initialized { get; set; }
    [Id(1)] public Guid OwnerId { get; set; }
    [Id(2)] public string OwnerEmail { get; set; } = string.Empty;
    [Id(3)] public string TierId { get; set; } = string.Empty;
    [Id(4)] public NodeProfile? Profile { get; set; }
    [Id(5)] public NodeLifecycle Lifecycle { get; set; }
    [Id(6)] public Suspension? Suspension { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(9)] public long Version { get; set; }

    /// <summary>Ledger entries written with the state change that caused them, not yet confirmed by the ledger.</summary>
    [Id(10)] public List<AuditEntry> PendingAudit { get; set; } = [];

    /// <summary>The last version the directory confirmed (kept in memory, persisted with the next change).</summary>
    [Id(11)] public long PublishedVersion { get; set; }

    /// <summary>Replies to recent messages by idempotency key, so a retried message is answered once.</summary>
    [Id(12)] public Dictionary<string, NodeReply> RecentReplies { get; set; } = [];

    /// <summary>Keys of <see cref="RecentReplies"/> oldest first, to bound it.</summary>
    [Id(13)] public List<string> RecentReplyOrder { get; set; } = [];
}
