using DeepSync.Governance;

namespace DeepSync.Fleet;

/// <summary>
/// What only the platform calls on a node (the same grain as <see cref="ITeammateNodeGrain"/>): the
/// owning subscription creates the node and tells it its tier. Kept apart from what users and operators
/// call so that pages, which only ever hold <see cref="ITeammateNodeGrain"/>, cannot reach these; each
/// method also refuses any caller that is not a <see cref="ActorKind.System"/> actor.
/// </summary>
[Alias("DeepSync.Fleet.ITeammateNodePlatformGrain")]
public interface ITeammateNodePlatformGrain : IGrainWithGuidKey
{
    /// <summary>Creates the node for its subscription (<paramref name="platform"/>); idempotent. <c>Forbidden</c> for any other caller.</summary>
    [Alias("Initialize")]
    Task<NodeSnapshot> Initialize(Actor platform, NodeInitialization init);

    /// <summary>Records the tier of the owning subscription (for the operator directory). <c>Forbidden</c> for any other caller.</summary>
    [Alias("SetTier")]
    Task SetTier(Actor platform, string tierId);
}
