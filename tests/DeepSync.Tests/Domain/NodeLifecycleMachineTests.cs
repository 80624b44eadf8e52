using DeepSync.Fleet;
using DeepSync.Hosting;

namespace DeepSync.Tests.Domain;

/// <summary>Every lifecycle transition, as tables, without a cluster or a host.</summary>
public sealed class NodeLifecycleMachineTests
{
    private static readonly LifecycleFacts Created = new(NodeLifecycle.Created);

    private static readonly LifecycleFacts Provisioning = new(NodeLifecycle.Provisioning, NodeOperation.Provision, NodeStep.LaunchRequested);

    private static readonly LifecycleFacts Deployed = Provisioning with
    {
        ServiceId = "svc", VariablesSet = true, DeploymentId = "dep", Step = NodeStep.DeploymentCreated,
    };

    private static readonly LifecycleFacts Running = new(NodeLifecycle.Running, NodeOperation.None, NodeStep.AgentReady, ServiceId: "svc", DeploymentId: "dep", VariablesSet: true, LastPhase: DeploymentPhase.Running, AgentId: "agent");

    private static readonly LifecycleFacts Sleeping = Running with { Lifecycle = NodeLifecycle.Sleeping, Step = NodeStep.Sleeping };

    private static readonly LifecycleFacts Stopping = Running with { Operation = NodeOperation.Stop, Step = NodeStep.Stopping };

    private static readonly LifecycleFacts Waking = Sleeping with { Operation = NodeOperation.Wake, Step = NodeStep.WakingUp };

    private static DeploymentStatus Status(DeploymentPhase phase) => new(phase, phase.ToString().ToUpperInvariant(), phase == DeploymentPhase.Failed ? "build error" : null);

    public static TheoryData<string, LifecycleFacts, HostAction> NextSteps => new()
    {
        { "nothing in progress", Running, HostAction.Wait },
        { "provision: no service", Provisioning, HostAction.CreateService },
        { "provision: suspended waits", Provisioning with { Suspended = true }, HostAction.Wait },
        { "provision: service, no variables", Provisioning with { ServiceId = "svc" }, HostAction.SetVariables },
        { "provision: variables, no deployment", Provisioning with { ServiceId = "svc", VariablesSet = true }, HostAction.Deploy },
        { "provision: deployment not serving", Deployed with { LastPhase = DeploymentPhase.Building }, HostAction.ReadDeployment },
        { "provision: deployment serving", Deployed with { LastPhase = DeploymentPhase.Running }, HostAction.EnsureAgent },
        { "stop: deploy call out", Stopping with { DeploymentId = null, DeployInFlight = true }, HostAction.Wait },
        { "stop: nothing deployed", Stopping with { DeploymentId = null }, HostAction.FinishStop },
        { "stop: not yet requested", Stopping, HostAction.RequestStop },
        { "stop: requested", Stopping with { StopRequested = true }, HostAction.ReadStop },
        { "wake: waking up", Waking, HostAction.ScaleUp },
        { "wake: scaled up", Waking with { Step = NodeStep.ScaledUp }, HostAction.ReadWake },
        { "wake: suspended meanwhile", Waking with { Suspended = true }, HostAction.AbandonWake },
        { "wake: nothing deployed", Waking with { DeploymentId = null }, HostAction.AbandonWake },
    };

    [Theory]
    [MemberData(nameof(NextSteps))]
    public void Next_picks_the_host_step_from_the_facts_alone(string situation, LifecycleFacts facts, HostAction expected)
    {
        Assert.True(expected == NodeLifecycleMachine.Next(facts), situation);
    }

    public static TheoryData<string, LifecycleFacts, HostOutcome, NodeLifecycle, NodeOperation, NodeStep?, bool> Outcomes => new()
    {
        { "service created", Provisioning, new HostOutcome.ServiceCreated("svc"), NodeLifecycle.Provisioning, NodeOperation.Provision, NodeStep.ServiceCreated, true },
        { "service created after a stop arrived: kept, no step", Provisioning with { Operation = NodeOperation.Stop }, new HostOutcome.ServiceCreated("svc"), NodeLifecycle.Provisioning, NodeOperation.Stop, null, false },
        { "variables handed", Provisioning with { ServiceId = "svc" }, new HostOutcome.VariablesHanded(["A"]), NodeLifecycle.Provisioning, NodeOperation.Provision, NodeStep.VariablesSet, true },
        { "deployment created", Provisioning with { ServiceId = "svc", VariablesSet = true }, new HostOutcome.DeploymentCreated("dep"), NodeLifecycle.Provisioning, NodeOperation.Provision, NodeStep.DeploymentCreated, true },
        { "deployment created after the transition ended: stop it", Provisioning with { Operation = NodeOperation.None }, new HostOutcome.DeploymentCreated("dep"), NodeLifecycle.Provisioning, NodeOperation.Stop, null, false },
        { "deployment building", Deployed, new HostOutcome.DeploymentSeen(Status(DeploymentPhase.Building)), NodeLifecycle.Provisioning, NodeOperation.Provision, NodeStep.DeploymentProgress, false },
        { "deployment phase unchanged", Deployed with { LastPhase = DeploymentPhase.Building }, new HostOutcome.DeploymentSeen(Status(DeploymentPhase.Building)), NodeLifecycle.Provisioning, NodeOperation.Provision, null, false },
        { "deployment serving", Deployed, new HostOutcome.DeploymentSeen(Status(DeploymentPhase.Running)), NodeLifecycle.Provisioning, NodeOperation.Provision, NodeStep.DeploymentProgress, true },
        { "deployment failed", Deployed, new HostOutcome.DeploymentSeen(Status(DeploymentPhase.Failed)), NodeLifecycle.Failed, NodeOperation.None, NodeStep.Failed, false },
        { "agent ready", Deployed with { LastPhase = DeploymentPhase.Running }, new HostOutcome.AgentReady("agent"), NodeLifecycle.Running, NodeOperation.None, NodeStep.AgentReady, false },
        { "agent ready after a stop arrived: ignored", Deployed with { Operation = NodeOperation.Stop }, new HostOutcome.AgentReady("agent"), NodeLifecycle.Provisioning, NodeOperation.Stop, null, false },
        { "provisioning refused by the host", Provisioning, new HostOutcome.Failed("quota"), NodeLifecycle.Failed, NodeOperation.None, NodeStep.Failed, false },
        { "stop with nothing deployed", Stopping with { DeploymentId = null }, new HostOutcome.NothingToDo(), NodeLifecycle.Stopped, NodeOperation.None, NodeStep.Stopped, false },
        { "stop accepted", Stopping, new HostOutcome.StopAccepted(), NodeLifecycle.Running, NodeOperation.Stop, NodeStep.StopRequested, true },
        { "stop not confirmed yet", Stopping with { StopRequested = true }, new HostOutcome.DeploymentSeen(Status(DeploymentPhase.Running)), NodeLifecycle.Running, NodeOperation.Stop, null, false },
        { "stop confirmed", Stopping with { StopRequested = true }, new HostOutcome.DeploymentSeen(Status(DeploymentPhase.Stopped)), NodeLifecycle.Stopped, NodeOperation.None, NodeStep.ContainerStopped, false },
        { "a stop never fails, it retries", Stopping, new HostOutcome.Failed("host down"), NodeLifecycle.Running, NodeOperation.Stop, null, false },
        { "wake scaled up", Waking, new HostOutcome.ScaledUp(), NodeLifecycle.Sleeping, NodeOperation.Wake, NodeStep.ScaledUp, true },
        { "wake not serving yet", Waking with { Step = NodeStep.ScaledUp }, new HostOutcome.DeploymentSeen(Status(DeploymentPhase.Deploying)), NodeLifecycle.Sleeping, NodeOperation.Wake, null, false },
        { "awake", Waking with { Step = NodeStep.ScaledUp }, new HostOutcome.DeploymentSeen(Status(DeploymentPhase.Running)), NodeLifecycle.Running, NodeOperation.None, NodeStep.Awake, false },
        { "wake abandoned", Waking with { Suspended = true }, new HostOutcome.NothingToDo(), NodeLifecycle.Sleeping, NodeOperation.None, null, false },
        { "wake refused by the host", Waking, new HostOutcome.Failed("gone"), NodeLifecycle.Failed, NodeOperation.None, NodeStep.Failed, false },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void After_turns_each_host_outcome_into_the_next_facts(
        string situation, LifecycleFacts facts, HostOutcome outcome, NodeLifecycle lifecycle, NodeOperation operation, NodeStep? recorded, bool next)
    {
        var transition = NodeLifecycleMachine.After(facts, outcome);

        Assert.True(
            (lifecycle, operation, recorded, next) == (transition.Facts.Lifecycle, transition.Facts.Operation, transition.Recorded, transition.Continue),
            $"{situation}: got {transition}");
    }

    [Fact]
    public void Ids_the_host_handed_out_are_kept_whatever_happened_meanwhile()
    {
        var stopped = Provisioning with { Operation = NodeOperation.Stop };

        Assert.Equal("svc", NodeLifecycleMachine.After(stopped, new HostOutcome.ServiceCreated("svc")).Facts.ServiceId);
        Assert.Equal("dep", NodeLifecycleMachine.After(stopped, new HostOutcome.DeploymentCreated("dep")).Facts.DeploymentId);
        Assert.Equal("Deployment FAILED: build error", NodeLifecycleMachine.After(Deployed, new HostOutcome.DeploymentSeen(Status(DeploymentPhase.Failed))).Facts.FailureReason);
        Assert.False(NodeLifecycleMachine.After(Running, new HostOutcome.StopAccepted()).Changes(Running));
    }

    public static TheoryData<NodeLifecycle, NodeLifecycle, NodeOperation, NodeStep?> Launches => new()
    {
        { NodeLifecycle.Created, NodeLifecycle.Provisioning, NodeOperation.Provision, NodeStep.LaunchRequested },
        { NodeLifecycle.Stopped, NodeLifecycle.Provisioning, NodeOperation.Provision, NodeStep.LaunchRequested },
        { NodeLifecycle.Failed, NodeLifecycle.Provisioning, NodeOperation.Provision, NodeStep.LaunchRequested },
        { NodeLifecycle.Running, NodeLifecycle.Running, NodeOperation.None, null },
        { NodeLifecycle.Provisioning, NodeLifecycle.Provisioning, NodeOperation.None, null },
        { NodeLifecycle.Sleeping, NodeLifecycle.Sleeping, NodeOperation.Wake, NodeStep.WakingUp },
    };

    [Theory]
    [MemberData(nameof(Launches))]
    public void Launch_provisions_wakes_or_leaves_alone(NodeLifecycle from, NodeLifecycle lifecycle, NodeOperation operation, NodeStep? recorded)
    {
        var transition = NodeLifecycleMachine.Launch(new LifecycleFacts(from, FailureReason: "earlier"));

        Assert.Equal((lifecycle, operation, recorded), (transition.Facts.Lifecycle, transition.Facts.Operation, transition.Recorded));
        if (recorded == NodeStep.LaunchRequested)
        {
            Assert.Null(transition.Facts.FailureReason);
        }
    }

    public static TheoryData<string, LifecycleFacts, bool, NodeOperation> Stops => new()
    {
        { "never launched", Created, false, NodeOperation.None },
        { "already stopped", new LifecycleFacts(NodeLifecycle.Stopped), false, NodeOperation.None },
        { "already stopping", Stopping, false, NodeOperation.Stop },
        { "running", Running, true, NodeOperation.Stop },
        { "sleeping", Sleeping, true, NodeOperation.Stop },
        { "provisioning", Provisioning, true, NodeOperation.Stop },
        { "failed with nothing deployed", new LifecycleFacts(NodeLifecycle.Failed, NodeOperation.Provision), true, NodeOperation.None },
        { "failed with a deployment", new LifecycleFacts(NodeLifecycle.Failed, DeploymentId: "dep"), true, NodeOperation.Stop },
    };

    [Theory]
    [MemberData(nameof(Stops))]
    public void Stop_drives_down_whatever_is_deployed(string situation, LifecycleFacts facts, bool needsStop, NodeOperation operation)
    {
        Assert.True(needsStop == NodeLifecycleMachine.NeedsStop(facts), situation);
        if (needsStop)
        {
            Assert.True(operation == NodeLifecycleMachine.BeginStop(facts).Facts.Operation, situation);
        }
    }

    [Theory]
    [InlineData(NodeLifecycle.Running, NodeOperation.None, false, 31, true)]
    [InlineData(NodeLifecycle.Running, NodeOperation.None, false, 29, false)]
    [InlineData(NodeLifecycle.Running, NodeOperation.None, true, 60, false)]
    [InlineData(NodeLifecycle.Running, NodeOperation.Stop, false, 60, false)]
    [InlineData(NodeLifecycle.Sleeping, NodeOperation.None, false, 60, false)]
    public void An_idle_running_node_sleeps_unless_busy_or_suspended(NodeLifecycle lifecycle, NodeOperation operation, bool suspended, int idleMinutes, bool sleeps)
    {
        var facts = new LifecycleFacts(lifecycle, operation, Suspended: suspended);

        Assert.Equal(sleeps, NodeLifecycleMachine.ShouldSleepWhenIdle(facts, TimeSpan.FromMinutes(idleMinutes), TimeSpan.FromMinutes(30)));
    }

    public static TheoryData<string, LifecycleFacts, bool> Interruptions => new()
    {
        { "running, suspended, no stop", Running with { Suspended = true }, true },
        { "sleeping, suspended, no stop", Sleeping with { Suspended = true }, true },
        { "provisioning, suspended, no stop", Provisioning with { Suspended = true }, true },
        { "suspended and stopping", Stopping with { Suspended = true }, false },
        { "suspended and stopped", new LifecycleFacts(NodeLifecycle.Stopped, Suspended: true), false },
        { "suspended before launch", Created with { Suspended = true }, false },
        { "suspended after failing", new LifecycleFacts(NodeLifecycle.Failed, Suspended: true), false },
        { "running, not suspended", Running, false },
    };

    [Theory]
    [MemberData(nameof(Interruptions))]
    public void A_kill_switch_cut_short_by_a_restart_is_recognised(string situation, LifecycleFacts facts, bool interrupted)
    {
        Assert.True(interrupted == NodeLifecycleMachine.KillSwitchInterrupted(facts), situation);
    }

    [Fact]
    public void Sleep_and_delete_are_transitions_too()
    {
        var slept = NodeLifecycleMachine.Sleep(Running);
        var notRunning = NodeLifecycleMachine.Sleep(Sleeping);
        var deleted = NodeLifecycleMachine.Delete(Stopping);

        Assert.Equal((NodeLifecycle.Sleeping, NodeStep.Sleeping, (NodeStep?)NodeStep.Sleeping), (slept.Facts.Lifecycle, slept.Facts.Step, slept.Recorded));
        Assert.False(notRunning.Changes(Sleeping));
        Assert.False(NodeLifecycleMachine.CanSleep(Sleeping));
        Assert.Equal((NodeLifecycle.Deleted, NodeOperation.None, (string?)null, (string?)null), (deleted.Facts.Lifecycle, deleted.Facts.Operation, deleted.Facts.ServiceId, deleted.Facts.DeploymentId));
        Assert.False(NodeLifecycleMachine.Wake(Running).Changes(Running));
    }

    [Theory]
    [InlineData(NodeStep.LaunchRequested, null, "launch_requested")]
    [InlineData(NodeStep.DeploymentProgress, "BUILDING", "deployment_building")]
    [InlineData(NodeStep.ContainerStopped, null, "stopped")]
    [InlineData(NodeStep.WakingUp, null, "waking_up")]
    [InlineData(NodeStep.StopRequested, null, "stop_requested")]
    public void Steps_keep_their_persisted_spelling_and_read_back_typed(NodeStep step, string? status, string spelling)
    {
        Assert.Equal(spelling, NodeStepText.Of(step, status));
        Assert.Equal(step == NodeStep.ContainerStopped ? NodeStep.Stopped : step, NodeStepText.Parse(spelling));
    }

    [Fact]
    public void Every_step_has_a_spelling_that_reads_back()
    {
        foreach (var step in Enum.GetValues<NodeStep>().Where(s => s is not (NodeStep.None or NodeStep.ContainerStopped)))
        {
            Assert.Equal(step, NodeStepText.Parse(NodeStepText.Of(step, "x")));
        }
    }
}
