using DeepSync.Governance;

namespace DeepSync.Fleet;

/// <summary>What the ledger records for each lifecycle step the machine reports.</summary>
public static class LifecycleLedger
{
    private static readonly Actor Initiator = Actor.ForSystem("node-lifecycle");

    /// <summary>The entry for <paramref name="step"/>, reached from <paramref name="before"/> through <paramref name="outcome"/> (the state already holds the step).</summary>
    public static AuditEntry Entry(NodeRecord record, NodeStep step, LifecycleFacts before, HostOutcome outcome, string runtimeName)
    {
        var s = record.S;
        var elapsed = s.OperationStartedAt is { } started ? ((long)(record.Now - started).TotalMilliseconds).ToString() : "0";
        return step switch
        {
            NodeStep.StopRequested => record.Audit(AuditAction.ContainerStopRequested, Initiator, ("step", s.Step), ("deployment_id", before.DeploymentId)),
            NodeStep.ContainerStopped => record.Audit(AuditAction.ContainerStopped, Initiator, ("step", s.Step), ("deployment_id", before.DeploymentId), ("elapsed_ms", elapsed)),
            NodeStep.Failed => record.Audit(AuditAction.NodeFailed, Initiator, ("step", s.Step), ("reason", s.FailureReason), ("elapsed_ms", elapsed)),
            _ => record.Audit(AuditAction.NodeLifecycleStep, Initiator, [("step", s.Step), ("elapsed_ms", elapsed), .. Details(outcome, runtimeName)]),
        };
    }

    /// <summary>What the ledger records about an outcome, beside the step.</summary>
    private static (string Key, string? Value)[] Details(HostOutcome outcome, string runtimeName) => outcome switch
    {
        HostOutcome.ServiceCreated s => [("service_id", s.ServiceId)],
        HostOutcome.VariablesHanded v => [("variables", string.Join(' ', v.Names))],
        HostOutcome.DeploymentCreated d => [("deployment_id", d.DeploymentId)],
        HostOutcome.DeploymentSeen seen => [("status", seen.Status.PlatformStatus)],
        HostOutcome.AgentReady => [("runtime", runtimeName)],
        _ => [],
    };

}
