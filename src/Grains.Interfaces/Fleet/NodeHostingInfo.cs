namespace DeepSync.Fleet;

/// <summary>Where a node runs: host, service and deployment ids, the current lifecycle step and any failure.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Fleet.NodeHostingInfo")]
public sealed record NodeHostingInfo(
    [property: Id(0)] string Host,
    [property: Id(1)] string? ServiceId,
    [property: Id(2)] string? DeploymentId,
    [property: Id(3)] string? Step,
    [property: Id(4)] string? FailureReason,
    [property: Id(5)] string? AgentId);
