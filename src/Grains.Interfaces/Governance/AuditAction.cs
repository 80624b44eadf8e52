namespace DeepSync.Governance;

/// <summary>The kinds of entries the append-only audit ledger records. Stored as snake_case text.</summary>
public static class AuditAction
{
    public const string NodeCreated = "node_created";
    public const string NodeRenamed = "node_renamed";
    public const string NodeLaunched = "node_launched";
    public const string NodeStopped = "node_stopped";
    public const string NodeSuspended = "node_suspended";
    public const string NodeResumed = "node_resumed";
    public const string NodeDeleted = "node_deleted";
    public const string TierChanged = "tier_changed";
    public const string TierCreated = "tier_created";
    public const string TierUpdated = "tier_updated";
    public const string TierArchived = "tier_archived";
    public const string TierReactivated = "tier_reactivated";
    public const string TierDeleted = "tier_deleted";
    public const string VoiceMinutesGranted = "voice_minutes_granted";
    public const string SubscriptionCreated = "subscription_created";
    public const string StrikeRecorded = "strike_recorded";
    public const string NodeLifecycleStep = "node_lifecycle_step";
    public const string NodeFailed = "node_failed";
    public const string NodeSleeping = "node_sleeping";
    public const string NodeWaking = "node_waking";
    public const string AgentRunCancelled = "agent_run_cancelled";
    public const string CredentialRevoked = "credential_revoked";
    public const string ContainerStopRequested = "container_stop_requested";
    public const string ContainerStopped = "container_stopped";
    public const string MemoryBlockEdited = "memory_block_edited";
    public const string ArchivalAdded = "archival_added";
    public const string ArchivalDeleted = "archival_deleted";
    public const string UpgradeRequested = "upgrade_requested";
}
