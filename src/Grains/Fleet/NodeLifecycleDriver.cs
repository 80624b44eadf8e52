using DeepSync.Agents;
using DeepSync.Governance;
using DeepSync.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSync.Fleet;

/// <summary>
/// Carries out what <see cref="NodeLifecycleMachine"/> decides: one host step at a time, each persisted
/// (and, where the machine says so, audited) before the next, driven by a grain timer while the grain is
/// active and by a reminder that reactivates it after a restart.
/// </summary>
public sealed class NodeLifecycleDriver(
    NodeRecord record,
    INodeActivation activation,
    INodeHost host,
    IAgentRuntime runtime,
    INodeCredentials credentials,
    NodeLifecycleOptions options,
    ILogger logger,
    Action onRunning)
{
    private IDisposable? _ticker;
    private IDisposable? _idleWatch;
    private bool _advancing;

    // A deploy call whose answer (the deployment id) has not arrived yet: a stop must wait for it.
    private bool _deployInFlight;

    private TeammateNodeState S => record.S;

    private LifecycleFacts Facts() => record.Facts(_deployInFlight);

    /// <summary>Picks up after a restart: a transition in progress, or the idle watch of a running node.</summary>
    public void Resume()
    {
        if (S.Operation != NodeOperation.None)
        {
            StartTicker();
        }
        else if (S.Lifecycle == NodeLifecycle.Running)
        {
            StartIdleWatch();
        }
    }

    public async Task LaunchAsync(Actor actor)
    {
        var transition = NodeLifecycleMachine.Launch(Facts());
        if (transition.Recorded == NodeStep.WakingUp)
        {
            await WakeAsync(actor);
        }
        else if (transition.Recorded == NodeStep.LaunchRequested)
        {
            await BeginProvisionAsync(actor);
        }
    }

    public Task BeginProvisionAsync(Actor actor) =>
        BeginAsync(NodeLifecycleMachine.BeginProvision(Facts()), record.Audit(AuditAction.NodeLaunched, actor, ("step", "launch_requested"), ("host", host.Name)));

    public Task WakeAsync(Actor actor) =>
        BeginAsync(NodeLifecycleMachine.Wake(Facts()), record.Audit(AuditAction.NodeWaking, actor, ("step", "waking_up")));

    /// <summary>A stop someone asked for: recorded, then driven like any other.</summary>
    public async Task StopAsync(Actor actor)
    {
        if (NodeLifecycleMachine.NeedsStop(Facts()))
        {
            var drive = PrepareStop();
            await record.CommitAsync(record.Audit(AuditAction.NodeStopped, actor, ("cause", "requested")));
            if (drive)
            {
                await DriveAsync();
            }
        }
    }

    /// <summary>
    /// Puts the stop into the state without persisting it, so the kill switch can write it in the same
    /// commit as its own entries. Returns whether there is a stop to drive (then call <see cref="DriveAsync"/> after the commit).
    /// </summary>
    public bool PrepareStop()
    {
        var before = Facts();
        var transition = NodeLifecycleMachine.BeginStop(before);
        record.Apply(before, transition);
        if (!transition.Continue)
        {
            StopTicker();
            return false;
        }

        StopIdleWatch();
        S.OperationStartedAt = record.Now;
        return true;
    }

    /// <summary>Arms the reminder and the timer, then takes the steps that need no waiting.</summary>
    public async Task DriveAsync()
    {
        StartTicker();
        await activation.ArmReminderAsync();
        await AdvanceUntilWaitingAsync();
    }

    public async Task SleepAsync(Actor actor, string cause)
    {
        if (S.ServiceId is { } serviceId)
        {
            await host.SetReplicasAsync(serviceId, 0);
        }

        var before = Facts();
        record.Apply(before, NodeLifecycleMachine.Sleep(before));
        StopIdleWatch();
        await record.CommitAsync(record.Audit(AuditAction.NodeSleeping, actor, ("step", "sleeping"), ("cause", cause)));
        await DisarmUnlessNeededAsync();
    }

    /// <summary>Removes the node's service and ends any transition; <paramref name="disconnected"/> (the credential revoked first) is recorded with it.</summary>
    public async Task DeleteAsync(Actor actor, AuditEntry disconnected)
    {
        if (S.ServiceId is { } serviceId)
        {
            await host.DeleteServiceAsync(serviceId);
        }

        var before = Facts();
        record.Apply(before, NodeLifecycleMachine.Delete(before));
        StopTicker();
        StopIdleWatch();
        await record.CommitAsync(disconnected, record.Audit(AuditAction.NodeDeleted, actor));
    }

    /// <summary>The reminder fired: continue a transition, check a running node for idleness, or stop reminding.</summary>
    public async Task OnReminderAsync()
    {
        if (S.Operation != NodeOperation.None)
        {
            StartTicker();
            await AdvanceUntilWaitingAsync();
        }
        else if (S.Lifecycle == NodeLifecycle.Running)
        {
            StartIdleWatch();
            await SleepIfIdleAsync();
        }
        else
        {
            await DisarmUnlessNeededAsync();
        }
    }

    /// <summary>Takes steps until one has to wait for the host (or the transition is over).</summary>
    public async Task AdvanceUntilWaitingAsync()
    {
        if (_advancing)
        {
            return;
        }

        _advancing = true;
        try
        {
            for (var steps = 0; steps < 16; steps++)
            {
                var action = NodeLifecycleMachine.Next(Facts());
                if (action == HostAction.Wait)
                {
                    return;
                }

                HostOutcome outcome;
                try
                {
                    outcome = await new HostStep(record, host, runtime, credentials, options).RunAsync(action, inFlight => _deployInFlight = inFlight);
                }
                catch (Exception ex) when (ex is NodeHostException { Transient: true } or AgentRuntimeException { Transient: true } or TimeoutException or HttpRequestException)
                {
                    logger.LogWarning(ex, "Node {NodeId}: {Action} failed for now; retrying", record.NodeId, action);
                    return;
                }
                catch (Exception ex) when (action is HostAction.RequestStop or HostAction.ReadStop)
                {
                    // A stop is retried until the host confirms it, whatever the error.
                    logger.LogError(ex, "Node {NodeId}: stopping failed; retrying", record.NodeId);
                    return;
                }
                catch (Exception ex) when (ex is NodeHostException or AgentRuntimeException)
                {
                    outcome = new HostOutcome.Failed(ex.Message);
                }

                if (!await ApplyAsync(outcome))
                {
                    return;
                }
            }
        }
        finally
        {
            _advancing = false;
            if (S.Operation == NodeOperation.None)
            {
                StopTicker();
            }
        }
    }

    private async Task BeginAsync(LifecycleTransition transition, AuditEntry entry)
    {
        var before = Facts();
        if (!transition.Changes(before))
        {
            return;
        }

        S.OperationStartedAt = record.Now;
        record.Apply(before, transition);
        await record.CommitAsync(entry);
        await DriveAsync();
    }

    /// <summary>Applies an outcome to the facts as they are now (a stop may have arrived during the host call); returns whether to go on.</summary>
    private async Task<bool> ApplyAsync(HostOutcome outcome)
    {
        var before = Facts();
        var transition = NodeLifecycleMachine.After(before, outcome);
        if (!transition.Changes(before))
        {
            return false;
        }

        var becameRunning = before.Lifecycle != NodeLifecycle.Running && transition.Facts.Lifecycle == NodeLifecycle.Running;
        record.Apply(before, transition, (outcome as HostOutcome.DeploymentSeen)?.Status.PlatformStatus);
        if (becameRunning)
        {
            S.LastActivityAt = record.Now;
        }

        await (transition.Recorded is { } step ? record.CommitAsync(LifecycleLedger.Entry(record, step, before, outcome, runtime.Name)) : record.CommitAsync());
        if (transition.Facts.Operation != NodeOperation.None)
        {
            StartTicker();
        }

        if (becameRunning)
        {
            if (transition.Recorded == NodeStep.Awake)
            {
                await activation.ArmReminderAsync();
            }

            StartIdleWatch();
            onRunning();
        }

        return transition.Continue;
    }

    private async Task SleepIfIdleAsync()
    {
        var lastActivity = S.LastActivityAt > S.UpdatedAt ? S.LastActivityAt : S.UpdatedAt;
        if (NodeLifecycleMachine.ShouldSleepWhenIdle(Facts(), record.Now - lastActivity, options.IdleSleepAfter))
        {
            await SleepAsync(Actor.ForSystem("idle-sleep"), $"idle for {options.IdleSleepAfter}");
        }
    }

    private async Task DisarmUnlessNeededAsync()
    {
        // Queued messages and running nodes still need the reminder after a restart.
        if (S.Lifecycle != NodeLifecycle.Running && S.Queue.Count == 0)
        {
            await activation.DisarmReminderAsync();
        }
    }

    private void StartIdleWatch() =>
        _idleWatch ??= activation.StartTimer(SleepIfIdleAsync, options.IdleCheckInterval, options.IdleCheckInterval);

    private void StopIdleWatch()
    {
        _idleWatch?.Dispose();
        _idleWatch = null;
    }

    private void StartTicker() =>
        _ticker ??= activation.StartTimer(AdvanceUntilWaitingAsync, options.PollInterval, options.PollInterval);

    private void StopTicker()
    {
        _ticker?.Dispose();
        _ticker = null;
    }
}
