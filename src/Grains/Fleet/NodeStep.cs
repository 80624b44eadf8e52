namespace DeepSync.Fleet;

/// <summary>
/// Where a node is within its lifecycle, finer than <see cref="NodeLifecycle"/>: the host step last
/// taken. The lifecycle machine decides on these, never on their spelling (<see cref="NodeStepText"/>).
/// </summary>
public enum NodeStep
{
    None = 0,
    LaunchRequested,
    ServiceCreated,
    VariablesSet,
    DeploymentCreated,

    /// <summary>The host reported a new deployment phase (spelled with the host's own status).</summary>
    DeploymentProgress,
    AgentReady,
    Stopping,
    StopRequested,

    /// <summary>Stopped with nothing deployed to stop.</summary>
    Stopped,

    /// <summary>Stopped after the host confirmed the deployment ended.</summary>
    ContainerStopped,
    Sleeping,
    WakingUp,
    ScaledUp,
    Awake,
    Failed,
}
