using DeepSync.Conversations;
using DeepSync.Governance;
using DeepSync.Hosting;

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

    // Ids 12 and 13 held recent replies; they moved to the transcript store (a retried message is
    // answered from there), which keeps this state small enough to write once per message.

    /// <summary>The transition in progress; resumed on activation.</summary>
    [Id(14)] public NodeOperation Operation { get; set; }

    [Id(15)] public string? ServiceId { get; set; }
    [Id(16)] public string? DeploymentId { get; set; }

    /// <summary>Whether the current credential has been handed to the container (rotated on every deploy).</summary>
    [Id(17)] public bool VariablesSet { get; set; }

    /// <summary>The last deployment phase seen, so each change becomes one timeline step.</summary>
    [Id(18)] public DeploymentPhase? LastPhase { get; set; }

    /// <summary>Whether the stop request for <see cref="DeploymentId"/> has been accepted by the host.</summary>
    [Id(19)] public bool StopRequested { get; set; }

    [Id(20)] public string? Step { get; set; }
    [Id(21)] public string? FailureReason { get; set; }
    [Id(22)] public DateTimeOffset? OperationStartedAt { get; set; }
    [Id(23)] public string? AgentId { get; set; }

    /// <summary>The agent conversation of each channel (web, telegram, voice).</summary>
    [Id(24)] public Dictionary<string, string> Conversations { get; set; } = [];

    [Id(25)] public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>The node was running when it was suspended: resuming redeploys it.</summary>
    [Id(26)] public bool RunOnResume { get; set; }

    /// <summary>Messages acknowledged but not yet answered, in arrival order.</summary>
    [Id(27)] public List<QueuedMessage> Queue { get; set; } = [];
}
