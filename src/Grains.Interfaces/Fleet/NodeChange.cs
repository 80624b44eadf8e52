namespace DeepSync.Fleet;

/// <summary>One committed change of a node: what happened (an audit action or lifecycle step), who caused it, and the state after it.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Fleet.NodeChange")]
public sealed record NodeChange(
    [property: Id(0)] NodeSnapshot Snapshot,
    [property: Id(1)] string Event,
    [property: Id(2)] string? Detail,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] DeepSync.Governance.Actor? Initiator = null);
