namespace DeepSync.Hosting;

/// <summary>A deployment's status: the mapped phase, the platform's own word for it and any message.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Hosting.DeploymentStatus")]
public sealed record DeploymentStatus(
    [property: Id(0)] DeploymentPhase Phase,
    [property: Id(1)] string PlatformStatus,
    [property: Id(2)] string? Message = null);
