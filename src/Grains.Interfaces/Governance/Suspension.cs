namespace DeepSync.Governance;

/// <summary>A node's active suspension: why, by whom, when.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Governance.Suspension")]
public sealed record Suspension(
    [property: Id(0)] SuspensionReason Reason,
    [property: Id(1)] string Detail,
    [property: Id(2)] Actor Initiator,
    [property: Id(3)] DateTimeOffset At);
