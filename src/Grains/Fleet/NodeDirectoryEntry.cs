using DeepSync.Governance;

namespace DeepSync.Fleet;

/// <summary>The row a node keeps in the operators' directory. Newer versions replace older ones only.</summary>
public sealed record NodeDirectoryEntry(
    Guid NodeId,
    Guid OwnerId,
    string OwnerEmail,
    string TierId,
    string Name,
    string Callsign,
    NodeLifecycle Lifecycle,
    SuspensionReason? SuspensionReason,
    DateTimeOffset? SuspendedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);
