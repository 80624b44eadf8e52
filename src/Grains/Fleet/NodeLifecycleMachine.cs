namespace DeepSync.Fleet;

/// <summary>
/// The node lifecycle as a pure state machine: Created → Provisioning → Running ⇄ Sleeping → Stopped,
/// Failed with a reason (launch again to retry), Deleted. Commands (launch, stop, sleep, wake, delete)
/// and host outcomes each map facts to the next facts; <see cref="Next"/> says which host step comes
/// next. No I/O and no clock here: the driver does the host calls, persists and audits.
/// </summary>
public static class NodeLifecycleMachine
{
    /// <summary>Launching a sleeping node wakes it; a running or provisioning node is left alone.</summary>
    public static LifecycleTransition Launch(LifecycleFacts f) => f.Lifecycle switch
    {
        NodeLifecycle.Running or NodeLifecycle.Provisioning => new(f),
        NodeLifecycle.Sleeping => Wake(f),
        _ => BeginProvision(f),
    };

    /// <summary>A fresh deployment (launch, retry after failure, resume): every host step again, with a new credential.</summary>
    public static LifecycleTransition BeginProvision(LifecycleFacts f) => new(
        f with
        {
            Lifecycle = NodeLifecycle.Provisioning,
            Operation = NodeOperation.Provision,
            Step = NodeStep.LaunchRequested,
            DeploymentId = null,
            VariablesSet = false,
            StopRequested = false,
            LastPhase = null,
            FailureReason = null,
        },
        NodeStep.LaunchRequested,
        Continue: true);

    /// <summary>Whether a stop request has anything to do (it is recorded only then).</summary>
    public static bool NeedsStop(LifecycleFacts f) =>
        f.Lifecycle is not (NodeLifecycle.Stopped or NodeLifecycle.Created) && f.Operation != NodeOperation.Stop;

    /// <summary>Starts stopping whatever is deployed; with nothing deployed, any transition simply ends.</summary>
    public static LifecycleTransition BeginStop(LifecycleFacts f) =>
        f.Lifecycle is NodeLifecycle.Created or NodeLifecycle.Stopped or NodeLifecycle.Failed && f.DeploymentId is null
            ? new(f with { Operation = NodeOperation.None })
            : new(f with { Operation = NodeOperation.Stop, StopRequested = false, Step = NodeStep.Stopping }, Continue: true);

    /// <summary>
    /// Whether a suspended node's planes were never driven down: the kill switch persists the suspension
    /// first and the stop with the planes' outcomes second, so a restart in between leaves a suspended
    /// node that is still up (or on its way up) with no stop under way.
    /// </summary>
    public static bool KillSwitchInterrupted(LifecycleFacts f) =>
        f.Suspended && f.Lifecycle is NodeLifecycle.Running or NodeLifecycle.Sleeping or NodeLifecycle.Provisioning && f.Operation != NodeOperation.Stop;

    /// <summary>Only a running node sleeps.</summary>
    public static bool CanSleep(LifecycleFacts f) => f.Lifecycle == NodeLifecycle.Running;

    /// <summary>A running node that nobody has reached for <paramref name="threshold"/> sleeps, unless it is busy or suspended.</summary>
    public static bool ShouldSleepWhenIdle(LifecycleFacts f, TimeSpan idleFor, TimeSpan threshold) =>
        f.Lifecycle == NodeLifecycle.Running && f.Operation == NodeOperation.None && !f.Suspended && idleFor >= threshold;

    /// <summary>The container is scaled to zero (the driver did that first); the next message wakes it.</summary>
    public static LifecycleTransition Sleep(LifecycleFacts f) =>
        CanSleep(f) ? new(f with { Lifecycle = NodeLifecycle.Sleeping, Step = NodeStep.Sleeping }, NodeStep.Sleeping) : new(f);

    /// <summary>Wakes a sleeping node; anything else is left alone.</summary>
    public static LifecycleTransition Wake(LifecycleFacts f) =>
        f.Lifecycle == NodeLifecycle.Sleeping
            ? new(f with { Operation = NodeOperation.Wake, Step = NodeStep.WakingUp }, NodeStep.WakingUp, Continue: true)
            : new(f);

    /// <summary>Deleted: no transition, no service (the driver removed it first).</summary>
    public static LifecycleTransition Delete(LifecycleFacts f) =>
        new(f with { Lifecycle = NodeLifecycle.Deleted, Operation = NodeOperation.None, ServiceId = null, DeploymentId = null });

    /// <summary>The next host step of the transition in progress.</summary>
    public static HostAction Next(LifecycleFacts f) => f.Operation switch
    {
        NodeOperation.Provision when f.Suspended => HostAction.Wait,
        NodeOperation.Provision when f.ServiceId is null => HostAction.CreateService,
        NodeOperation.Provision when !f.VariablesSet => HostAction.SetVariables,
        NodeOperation.Provision when f.DeploymentId is null => HostAction.Deploy,
        NodeOperation.Provision when f.LastPhase != Hosting.DeploymentPhase.Running => HostAction.ReadDeployment,
        NodeOperation.Provision => HostAction.EnsureAgent,

        // A deployment being created must be stopped too: wait for its id.
        NodeOperation.Stop when f.DeployInFlight => HostAction.Wait,
        NodeOperation.Stop when f.DeploymentId is null => HostAction.FinishStop,
        NodeOperation.Stop when !f.StopRequested => HostAction.RequestStop,
        NodeOperation.Stop => HostAction.ReadStop,

        NodeOperation.Wake when f.Suspended || f.ServiceId is null || f.DeploymentId is null => HostAction.AbandonWake,
        NodeOperation.Wake when f.Step == NodeStep.WakingUp => HostAction.ScaleUp,
        NodeOperation.Wake => HostAction.ReadWake,
        _ => HostAction.Wait,
    };

    /// <summary>
    /// The facts after <paramref name="outcome"/>. <paramref name="f"/> is read after the host call, so a
    /// stop or kill switch that arrived meanwhile is seen: ids the host handed out are kept whatever
    /// happened (a forgotten service or deployment could never be removed), but the provisioning moves no further.
    /// </summary>
    public static LifecycleTransition After(LifecycleFacts f, HostOutcome outcome) => (f.Operation, outcome) switch
    {
        (NodeOperation.Provision, HostOutcome.ServiceCreated s) => Step(f with { ServiceId = s.ServiceId }, NodeStep.ServiceCreated, true),
        (_, HostOutcome.ServiceCreated s) => new(f with { ServiceId = s.ServiceId }),

        (NodeOperation.Provision, HostOutcome.VariablesHanded) => Step(f with { VariablesSet = true }, NodeStep.VariablesSet, true),

        (NodeOperation.Provision, HostOutcome.DeploymentCreated d) => Step(f with { DeploymentId = d.DeploymentId }, NodeStep.DeploymentCreated, true),

        // Deleted or stopped while deploying: the deployment that came to be must be stopped.
        (NodeOperation.None, HostOutcome.DeploymentCreated d) => new(f with { DeploymentId = d.DeploymentId, Operation = NodeOperation.Stop, StopRequested = false }),
        (_, HostOutcome.DeploymentCreated d) => new(f with { DeploymentId = d.DeploymentId }),

        (NodeOperation.Provision, HostOutcome.DeploymentSeen { Status.Phase: Hosting.DeploymentPhase.Failed } seen) =>
            Fail(f, $"Deployment {seen.Status.PlatformStatus}: {seen.Status.Message ?? "no message from the host"}"),
        (NodeOperation.Provision, HostOutcome.DeploymentSeen seen) when seen.Status.Phase == f.LastPhase => new(f),
        (NodeOperation.Provision, HostOutcome.DeploymentSeen seen) =>
            Step(f with { LastPhase = seen.Status.Phase }, NodeStep.DeploymentProgress, seen.Status.Phase == Hosting.DeploymentPhase.Running),

        (NodeOperation.Provision, HostOutcome.AgentReady a) =>
            Step(f with { AgentId = a.AgentId, Lifecycle = NodeLifecycle.Running, Operation = NodeOperation.None }, NodeStep.AgentReady, false),

        (NodeOperation.Stop, HostOutcome.NothingToDo) when f.DeploymentId is null && !f.DeployInFlight =>
            Step(f with { Lifecycle = NodeLifecycle.Stopped, Operation = NodeOperation.None, VariablesSet = false }, NodeStep.Stopped, false),
        (NodeOperation.Stop, HostOutcome.StopAccepted) => Step(f with { StopRequested = true }, NodeStep.StopRequested, true),
        (NodeOperation.Stop, HostOutcome.DeploymentSeen { Status.Phase: Hosting.DeploymentPhase.Stopped }) => Step(
            f with
            {
                DeploymentId = null,
                StopRequested = false,
                LastPhase = null,
                VariablesSet = false,
                Lifecycle = NodeLifecycle.Stopped,
                Operation = NodeOperation.None,
            },
            NodeStep.ContainerStopped,
            false),

        (NodeOperation.Wake, HostOutcome.NothingToDo) => new(f with { Operation = NodeOperation.None }),
        (NodeOperation.Wake, HostOutcome.ScaledUp) => Step(f, NodeStep.ScaledUp, true),
        (NodeOperation.Wake, HostOutcome.DeploymentSeen { Status.Phase: Hosting.DeploymentPhase.Running }) =>
            Step(f with { Lifecycle = NodeLifecycle.Running, Operation = NodeOperation.None }, NodeStep.Awake, false),

        // A stop is retried until the host confirms it, whatever the error; other transitions fail.
        (NodeOperation.Provision or NodeOperation.Wake, HostOutcome.Failed failed) => Fail(f, failed.Reason),

        // Anything else (a stale answer, a phase still in progress) changes nothing.
        _ => new(f),
    };

    /// <summary>Failed with a reason; launching again retries from the start.</summary>
    public static LifecycleTransition Fail(LifecycleFacts f, string reason) =>
        Step(f with { Lifecycle = NodeLifecycle.Failed, Operation = NodeOperation.None, FailureReason = reason }, NodeStep.Failed, false);

    private static LifecycleTransition Step(LifecycleFacts f, NodeStep step, bool next) => new(f with { Step = step }, step, next);
}
