using DeepSync.Hosting;

namespace DeepSync.Fleet;

/// <summary>What came back from doing a <see cref="HostAction"/>; the lifecycle machine turns it into the next facts.</summary>
public abstract record HostOutcome
{
    /// <summary>The host created (or found) the node's service.</summary>
    public sealed record ServiceCreated(string ServiceId) : HostOutcome;

    /// <summary>The container's variables (with a fresh credential) were handed to the host.</summary>
    public sealed record VariablesHanded(IReadOnlyList<string> Names) : HostOutcome;

    /// <summary>The host accepted a deployment.</summary>
    public sealed record DeploymentCreated(string DeploymentId) : HostOutcome;

    /// <summary>The host reported the deployment's status.</summary>
    public sealed record DeploymentSeen(DeploymentStatus Status) : HostOutcome;

    /// <summary>The runtime has an agent for the node.</summary>
    public sealed record AgentReady(string AgentId) : HostOutcome;

    /// <summary>No host call was needed (<see cref="HostAction.FinishStop"/>, <see cref="HostAction.AbandonWake"/>).</summary>
    public sealed record NothingToDo : HostOutcome;

    /// <summary>The host accepted the stop request.</summary>
    public sealed record StopAccepted : HostOutcome;

    /// <summary>The host scaled the service back up.</summary>
    public sealed record ScaledUp : HostOutcome;

    /// <summary>The host or runtime refused for good.</summary>
    public sealed record Failed(string Reason) : HostOutcome;
}
