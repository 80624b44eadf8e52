namespace DeepSync.Fleet;

/// <summary>
/// How steps are spelled in the node's state, its snapshot, observer events and the ledger (snake_case).
/// The persisted state keeps the spelling, so existing rows read back as the same typed step.
/// </summary>
public static class NodeStepText
{
    private const string DeploymentPrefix = "deployment_";

    /// <summary>The spelling of <paramref name="step"/>; deployment progress carries the host's status.</summary>
    public static string? Of(NodeStep step, string? platformStatus = null) => step switch
    {
        NodeStep.None => null,
        NodeStep.LaunchRequested => "launch_requested",
        NodeStep.ServiceCreated => "service_created",
        NodeStep.VariablesSet => "variables_set",
        NodeStep.DeploymentCreated => "deployment_created",
        NodeStep.DeploymentProgress => DeploymentPrefix + (platformStatus ?? "unknown").ToLowerInvariant(),
        NodeStep.AgentReady => "agent_ready",
        NodeStep.Stopping => "stopping",
        NodeStep.StopRequested => "stop_requested",
        NodeStep.Stopped or NodeStep.ContainerStopped => "stopped",
        NodeStep.Sleeping => "sleeping",
        NodeStep.WakingUp => "waking_up",
        NodeStep.ScaledUp => "scaled_up",
        NodeStep.Awake => "awake",
        NodeStep.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    /// <summary>The typed step of a persisted spelling (unknown spellings read as <see cref="NodeStep.None"/>).</summary>
    public static NodeStep Parse(string? text) => text switch
    {
        null or "" => NodeStep.None,
        "launch_requested" => NodeStep.LaunchRequested,
        "service_created" => NodeStep.ServiceCreated,
        "variables_set" => NodeStep.VariablesSet,
        "deployment_created" => NodeStep.DeploymentCreated,
        "agent_ready" => NodeStep.AgentReady,
        "stopping" => NodeStep.Stopping,
        "stop_requested" => NodeStep.StopRequested,
        "stopped" => NodeStep.Stopped,
        "sleeping" => NodeStep.Sleeping,
        "waking_up" => NodeStep.WakingUp,
        "scaled_up" => NodeStep.ScaledUp,
        "awake" => NodeStep.Awake,
        "failed" => NodeStep.Failed,
        _ when text.StartsWith(DeploymentPrefix, StringComparison.Ordinal) => NodeStep.DeploymentProgress,
        _ => NodeStep.None,
    };
}
