namespace DeepSync.Governance;

/// <summary>The kinds of entries the append-only audit ledger records. Stored as snake_case text.</summary>
public static class AuditAction
{
    /// <summary>Ledger action <c>node_created</c>: node created.</summary>
    public const string NodeCreated = "node_created";
    /// <summary>Ledger action <c>node_renamed</c>: node renamed.</summary>
    public const string NodeRenamed = "node_renamed";
    /// <summary>Ledger action <c>node_launched</c>: node launched.</summary>
    public const string NodeLaunched = "node_launched";
    /// <summary>Ledger action <c>node_stopped</c>: node stopped.</summary>
    public const string NodeStopped = "node_stopped";
    /// <summary>Ledger action <c>node_suspended</c>: node suspended.</summary>
    public const string NodeSuspended = "node_suspended";
    /// <summary>Ledger action <c>node_resumed</c>: node resumed.</summary>
    public const string NodeResumed = "node_resumed";
    /// <summary>Ledger action <c>node_deleted</c>: node deleted.</summary>
    public const string NodeDeleted = "node_deleted";
    /// <summary>Ledger action <c>tier_changed</c>: tier changed.</summary>
    public const string TierChanged = "tier_changed";
    /// <summary>Ledger action <c>tier_created</c>: tier created.</summary>
    public const string TierCreated = "tier_created";
    /// <summary>Ledger action <c>tier_updated</c>: tier updated.</summary>
    public const string TierUpdated = "tier_updated";
    /// <summary>Ledger action <c>tier_archived</c>: tier archived.</summary>
    public const string TierArchived = "tier_archived";
    /// <summary>Ledger action <c>tier_reactivated</c>: tier reactivated.</summary>
    public const string TierReactivated = "tier_reactivated";
    /// <summary>Ledger action <c>tier_deleted</c>: tier deleted.</summary>
    public const string TierDeleted = "tier_deleted";
    /// <summary>Ledger action <c>voice_minutes_granted</c>: voice minutes granted.</summary>
    public const string VoiceMinutesGranted = "voice_minutes_granted";
    /// <summary>Ledger action <c>subscription_created</c>: subscription created.</summary>
    public const string SubscriptionCreated = "subscription_created";
    /// <summary>Ledger action <c>strike_recorded</c>: strike recorded.</summary>
    public const string StrikeRecorded = "strike_recorded";
    /// <summary>Ledger action <c>node_lifecycle_step</c>: node lifecycle step.</summary>
    public const string NodeLifecycleStep = "node_lifecycle_step";
    /// <summary>Ledger action <c>node_failed</c>: node failed.</summary>
    public const string NodeFailed = "node_failed";
    /// <summary>Ledger action <c>node_sleeping</c>: node sleeping.</summary>
    public const string NodeSleeping = "node_sleeping";
    /// <summary>Ledger action <c>node_waking</c>: node waking.</summary>
    public const string NodeWaking = "node_waking";
    /// <summary>Ledger action <c>agent_run_cancelled</c>: agent run cancelled.</summary>
    public const string AgentRunCancelled = "agent_run_cancelled";
    /// <summary>Ledger action <c>credential_revoked</c>: credential revoked.</summary>
    public const string CredentialRevoked = "credential_revoked";
    /// <summary>Ledger action <c>container_stop_requested</c>: container stop requested.</summary>
    public const string ContainerStopRequested = "container_stop_requested";
    /// <summary>Ledger action <c>container_stopped</c>: container stopped.</summary>
    public const string ContainerStopped = "container_stopped";
    /// <summary>Ledger action <c>memory_block_edited</c>: memory block edited.</summary>
    public const string MemoryBlockEdited = "memory_block_edited";
    /// <summary>Ledger action <c>archival_added</c>: archival added.</summary>
    public const string ArchivalAdded = "archival_added";
    /// <summary>Ledger action <c>archival_deleted</c>: archival deleted.</summary>
    public const string ArchivalDeleted = "archival_deleted";
    /// <summary>Ledger action <c>upgrade_requested</c>: upgrade requested.</summary>
    public const string UpgradeRequested = "upgrade_requested";
}
