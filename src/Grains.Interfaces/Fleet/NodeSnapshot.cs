using DeepSync.Governance;

namespace DeepSync.Fleet;

/// <summary>A node as its owner or an operator sees it.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Fleet.NodeSnapshot")]
public sealed record NodeSnapshot(
    [property: Id(0)] Guid NodeId,
    [property: Id(1)] Guid OwnerId,
    [property: Id(2)] NodeProfile Profile,
    [property: Id(3)] NodeLifecycle Lifecycle,
    [property: Id(4)] Suspension? Suspension,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] long Version,
    [property: Id(8)] NodeHostingInfo? Hosting = null)
{
    /// <summary>Whether the kill switch holds the node.</summary>
    public bool IsSuspended => Suspension is not null;
}
