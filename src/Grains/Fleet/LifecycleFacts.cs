using DeepSync.Hosting;

namespace DeepSync.Fleet;

/// <summary>
/// What the lifecycle machine decides on: the lifecycle part of a node's state, as an immutable value,
/// so every transition is a function from facts to facts that tests can call without a cluster.
/// </summary>
public sealed record LifecycleFacts(
    NodeLifecycle Lifecycle,
    NodeOperation Operation = NodeOperation.None,
    NodeStep Step = NodeStep.None,
    bool Suspended = false,
    string? ServiceId = null,
    string? DeploymentId = null,
    bool VariablesSet = false,
    DeploymentPhase? LastPhase = null,
    bool StopRequested = false,
    string? FailureReason = null,
    string? AgentId = null,
    // A deploy call whose answer (the deployment id) has not arrived yet (kept in memory, not persisted).
    bool DeployInFlight = false);
