using DeepSync.Governance;

namespace DeepSync.Fleet;

/// <summary>Sent by the owning subscription when it creates a node under its limit.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Fleet.NodeInitialization")]
public sealed record NodeInitialization(
    [property: Id(0)] Guid OwnerId,
    [property: Id(1)] string OwnerEmail,
    [property: Id(2)] string TierId,
    [property: Id(3)] NodeProfile Profile,
    [property: Id(4)] Actor Initiator);
