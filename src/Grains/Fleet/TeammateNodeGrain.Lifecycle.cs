using DeepSync.Agents;
using DeepSync.Errors;
using DeepSync.Governance;
using DeepSync.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSync.Fleet;

/// <summary>
/// The lifecycle state machine: Created → Provisioning → Running ⇄ Sleeping → Stopped, Failed with a
/// reason (launch again to retry), Deleted. A transition advances one host step at a time, each step
/// persisted before the next, driven by a grain timer while the grain is active and by a reminder
/// that reactivates it after a restart.
/// </summary>
public sealed partial class TeammateNodeGrain
{
    private const string LifecycleReminder = "node-lifecycle";
    private IGrainTimer? _ticker;
    private IGrainTimer? _idleWatch;
    private bool _advancing;

    // A deploy call whose answer (the deployment id) has not arrived yet: a stop must wait for it.
    private bool _deployInFlight;

    public async Task<NodeSnapshot> Launch(Actor actor)
    {
        EnsureWritableBy(actor);
        EnsureNotSuspended();
        switch (S.Lifecycle)
        {
            case NodeLifecycle.Running or NodeLifecycle.Provisioning:
                return Snapshot();
            case NodeLifecycle.Sleeping:
                return await Wake(actor);
            default:
                await BeginProvisionAsync(actor);
                return Snapshot();
        }
    }

    public async Task<NodeSnapshot> Stop(Actor actor)
    {
        EnsureWritableBy(actor);
        if (S.Lifecycle is NodeLifecycle.Stopped or NodeLifecycle.Created || S.Operation == NodeOperation.Stop)
        {
            return Snapshot();
        }

        await CommitAsync(Audit(AuditAction.NodeStopped, actor, ("cause", "requested")));
        await BeginStopAsync();
        return Snapshot();
    }

    public async Task<NodeSnapshot> Sleep(Actor actor)
    {
        EnsureWritableBy(actor);
        EnsureNotSuspended();
        if (S.Lifecycle != NodeLifecycle.Running)
        {
            throw new DeepSyncException(DeepSyncError.NodeNotRunning, $"{S.Profile!.Name} is {S.Lifecycle.ToString().ToLowerInvariant()}; only a running node can sleep.");
        }

        await SleepAsync(actor, "requested");
        return Snapshot();
    }

    public async Task<NodeSnapshot> Wake(Actor actor)
    {
        EnsureWritableBy(actor);
        EnsureNotSuspended();
        if (S.Lifecycle != NodeLifecycle.Sleeping)
        {
            return Snapshot();
        }

        S.Operation = NodeOperation.Wake;
        S.OperationStartedAt = _clock.GetUtcNow();
        S.Step = "waking_up";
        await CommitAsync(Audit(AuditAction.NodeWaking, actor, ("step", "waking_up")));
        await ArmAsync();
        await AdvanceUntilWaitingAsync();
        return Snapshot();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != LifecycleReminder)
        {
            return;
        }

        EnsureDelivering();
        if (S.Operation != NodeOperation.None)
        {
            StartTicker();
            await AdvanceUntilWaitingAsync();
            return;
        }

        if (S.Lifecycle == NodeLifecycle.Running)
        {
            StartIdleWatch();
            await SleepIfIdleAsync();
            return;
        }

        await DisarmReminderAsync();
    }

    /// <summary>Puts a running node to sleep once nothing has reached it for the configured idle time.</summary>
    private async Task SleepIfIdleAsync()
    {
        if (S.Lifecycle == NodeLifecycle.Running && S.Operation == NodeOperation.None && S.Suspension is null
            && _clock.GetUtcNow() - LastActivity >= _options.IdleSleepAfter)
        {
            await SleepAsync(Actor.ForSystem("idle-sleep"), $"idle for {_options.IdleSleepAfter}");
        }
    }

    private void StartIdleWatch()
    {
        _idleWatch ??= this.RegisterGrainTimer(
            static (self, _) => self.SleepIfIdleAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = _options.IdleCheckInterval, Period = _options.IdleCheckInterval });
    }

    private void StopIdleWatch()
    {
        _idleWatch?.Dispose();
        _idleWatch = null;
    }

    private DateTimeOffset LastActivity => S.LastActivityAt > S.UpdatedAt ? S.LastActivityAt : S.UpdatedAt;

    private async Task BeginProvisionAsync(Actor actor)
    {
        S.Lifecycle = NodeLifecycle.Provisioning;
        S.Operation = NodeOperation.Provision;
        S.OperationStartedAt = _clock.GetUtcNow();
        S.DeploymentId = null;
        S.VariablesSet = false;
        S.StopRequested = false;
        S.LastPhase = null;
        S.FailureReason = null;
        S.Step = "launch_requested";
        await CommitAsync(Audit(AuditAction.NodeLaunched, actor, ("step", "launch_requested"), ("host", _host.Name)));
        await ArmAsync();
        await AdvanceUntilWaitingAsync();
    }

    private async Task BeginStopAsync()
    {
        if (S.Lifecycle is NodeLifecycle.Created or NodeLifecycle.Stopped or NodeLifecycle.Failed && S.DeploymentId is null)
        {
            if (S.Operation != NodeOperation.None)
            {
                S.Operation = NodeOperation.None;
                StopTicker();
                await CommitAsync();
            }

            return;
        }

        StopIdleWatch();
        S.Operation = NodeOperation.Stop;
        S.OperationStartedAt = _clock.GetUtcNow();
        S.StopRequested = false;
        S.Step = "stopping";
        await CommitAsync();
        await ArmAsync();
        await AdvanceUntilWaitingAsync();
    }

    private async Task SleepAsync(Actor actor, string cause)
    {
        if (S.ServiceId is { } serviceId)
        {
            await _host.SetReplicasAsync(serviceId, 0);
        }

        S.Lifecycle = NodeLifecycle.Sleeping;
        S.Step = "sleeping";
        StopIdleWatch();
        await CommitAsync(Audit(AuditAction.NodeSleeping, actor, ("step", "sleeping"), ("cause", cause)));
        await DisarmReminderAsync();
    }

    private async Task CancelAgentRunAsync(Actor actor)
    {
        var outcome = "cancelled";
        try
        {
            if (S.AgentId is { } agentId && _activeConversation is { } conversationId)
            {
                await _runtime.CancelAsync(agentId, conversationId);
            }
        }
        catch (Exception ex)
        {
            // The local stream is already cut; the runtime's own run ends with nobody listening.
            outcome = $"cancel request failed: {ex.Message}";
            _logger.LogWarning(ex, "Cancelling the agent run of node {NodeId} failed", NodeId);
        }

        await CommitAsync(Audit(AuditAction.AgentRunCancelled, actor, ("outcome", outcome)));
    }

    private async Task RevokeCredentialAsync(Actor actor)
    {
        var outcome = "revoked";
        try
        {
            await _credentials.RevokeAsync(NodeId);
        }
        catch (Exception ex)
        {
            outcome = $"revocation failed: {ex.Message}";
            _logger.LogError(ex, "Revoking the credential of node {NodeId} failed", NodeId);
        }

        await CommitAsync(Audit(AuditAction.CredentialRevoked, actor, ("outcome", outcome)));
    }

    /// <summary>Arms the reminder that outlives this activation, and the fast timer.</summary>
    private async Task ArmAsync()
    {
        StartTicker();
        await this.RegisterOrUpdateReminder(LifecycleReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private async Task DisarmReminderAsync()
    {
        var reminder = await this.GetReminder(LifecycleReminder);
        if (reminder is not null && S.Lifecycle != NodeLifecycle.Running && S.Queue.Count == 0)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void StartTicker()
    {
        _ticker ??= this.RegisterGrainTimer(
            static (self, _) => self.AdvanceUntilWaitingAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = _options.PollInterval, Period = _options.PollInterval });
    }

    private void StopTicker()
    {
        _ticker?.Dispose();
        _ticker = null;
    }

    /// <summary>Takes steps until one has to wait for the host (or the transition is over).</summary>
    private async Task AdvanceUntilWaitingAsync()
    {
        if (_advancing)
        {
            return;
        }

        _advancing = true;
        try
        {
            for (var steps = 0; steps < 16 && S.Operation != NodeOperation.None; steps++)
            {
                var operation = S.Operation;
                bool progressed;
                try
                {
                    progressed = operation switch
                    {
                        NodeOperation.Provision => await ProvisionStepAsync(),
                        NodeOperation.Stop => await StopStepAsync(),
                        NodeOperation.Wake => await WakeStepAsync(),
                        _ => false,
                    };
                }
                catch (Exception ex) when (ex is NodeHostException { Transient: true } or AgentRuntimeException { Transient: true } or TimeoutException or HttpRequestException)
                {
                    _logger.LogWarning(ex, "Node {NodeId}: {Operation} step failed for now; retrying", NodeId, operation);
                    return;
                }
                catch (Exception ex) when (operation == NodeOperation.Stop)
                {
                    // A stop is retried until the host confirms it, whatever the error.
                    _logger.LogError(ex, "Node {NodeId}: stopping failed; retrying", NodeId);
                    return;
                }
                catch (Exception ex) when (ex is NodeHostException or AgentRuntimeException)
                {
                    await FailAsync(ex.Message);
                    return;
                }

                if (!progressed)
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

    private async Task<bool> ProvisionStepAsync()
    {
        if (S.Suspension is not null)
        {
            return false;
        }

        if (S.ServiceId is null)
        {
            // Kept even if a stop arrived meanwhile, so the service can be found and deleted later.
            S.ServiceId = await _host.CreateServiceAsync(NodeId, ServiceName());
            if (S.Operation != NodeOperation.Provision)
            {
                await CommitAsync();
                return false;
            }

            await StepAsync("service_created", ("service_id", S.ServiceId));
            return true;
        }

        if (!S.VariablesSet)
        {
            // Every deploy gets a fresh credential; the previous one stops working at once.
            var token = await _credentials.IssueAsync(NodeId);
            var variables = new Dictionary<string, string>
            {
                ["DEEPSYNC_NODE_ID"] = NodeId.ToString(),
                ["DEEPSYNC_NODE_TOKEN"] = token,

                // The container's own agent API only opens to a token whose hash it holds. The control
                // plane reaches agents through its configured runtime and keeps no copy, so it stays shut.
                ["DEEPSYNC_AGENT_API_TOKEN_SHA256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))).ToLowerInvariant(),
            };
            if (!string.IsNullOrWhiteSpace(_options.ControlPlaneUrl))
            {
                variables["DEEPSYNC_CONTROL_PLANE_URL"] = _options.ControlPlaneUrl;
            }

            await _host.SetVariablesAsync(S.ServiceId, variables);
            if (S.Operation != NodeOperation.Provision)
            {
                return false;
            }

            S.VariablesSet = true;
            await StepAsync("variables_set", ("variables", string.Join(' ', variables.Keys.Order())));
            return true;
        }

        if (S.DeploymentId is null)
        {
            string deploymentId;
            _deployInFlight = true;
            try
            {
                deploymentId = await _host.DeployAsync(S.ServiceId);
            }
            finally
            {
                _deployInFlight = false;
            }

            // Keep the id whatever happened meanwhile: a deployment we forgot could never be stopped.
            S.DeploymentId = deploymentId;
            if (S.Operation != NodeOperation.Provision)
            {
                // A stop or the kill switch arrived while this deployment was being created.
                if (S.Operation == NodeOperation.None)
                {
                    S.Operation = NodeOperation.Stop;
                    S.StopRequested = false;
                    StartTicker();
                }

                await CommitAsync();
                return false;
            }

            await StepAsync("deployment_created", ("deployment_id", deploymentId));
            return true;
        }

        if (S.LastPhase != DeploymentPhase.Running)
        {
            var status = await _host.GetDeploymentAsync(S.DeploymentId);
            if (S.Operation != NodeOperation.Provision)
            {
                return false;
            }

            if (status.Phase == DeploymentPhase.Failed)
            {
                await FailAsync($"Deployment {status.PlatformStatus}: {status.Message ?? "no message from the host"}");
                return false;
            }

            if (status.Phase == S.LastPhase)
            {
                return false;
            }

            S.LastPhase = status.Phase;
            await StepAsync($"deployment_{status.PlatformStatus.ToLowerInvariant()}", ("status", status.PlatformStatus));
            return status.Phase == DeploymentPhase.Running;
        }

        var agentId = await _runtime.EnsureAgentAsync(new AgentSpec(NodeId, S.Profile!.Name, PersonaOf(S.Profile), HumanOf(), S.AgentId));
        if (S.Operation != NodeOperation.Provision)
        {
            return false;
        }

        S.AgentId = agentId;
        S.Lifecycle = NodeLifecycle.Running;
        S.Operation = NodeOperation.None;
        S.LastActivityAt = _clock.GetUtcNow();
        await StepAsync("agent_ready", ("runtime", _runtime.Name));
        StartIdleWatch();
        EnsureDelivering();
        return false;
    }

    private async Task<bool> StopStepAsync()
    {
        if (_deployInFlight)
        {
            // The deployment being created must be stopped too; wait for its id.
            return false;
        }

        if (S.DeploymentId is null)
        {
            S.Lifecycle = NodeLifecycle.Stopped;
            S.Operation = NodeOperation.None;
            S.VariablesSet = false;
            await StepAsync("stopped");
            return false;
        }

        if (!S.StopRequested)
        {
            await _host.StopDeploymentAsync(S.DeploymentId);
            S.StopRequested = true;
            await CommitAsync(Audit(AuditAction.ContainerStopRequested, Initiator(), ("step", "stop_requested"), ("deployment_id", S.DeploymentId)));
            return true;
        }

        var status = await _host.GetDeploymentAsync(S.DeploymentId);
        if (status.Phase != DeploymentPhase.Stopped)
        {
            return false;
        }

        var stopped = S.DeploymentId;
        S.DeploymentId = null;
        S.StopRequested = false;
        S.LastPhase = null;
        S.VariablesSet = false;
        S.Lifecycle = NodeLifecycle.Stopped;
        S.Operation = NodeOperation.None;
        S.Step = "stopped";
        await CommitAsync(Audit(AuditAction.ContainerStopped, Initiator(), ("step", "stopped"), ("deployment_id", stopped), ("elapsed_ms", ElapsedMs())));
        return false;
    }

    private async Task<bool> WakeStepAsync()
    {
        if (S.Suspension is not null || S.ServiceId is null || S.DeploymentId is null)
        {
            S.Operation = NodeOperation.None;
            await CommitAsync();
            return false;
        }

        if (S.Step == "waking_up")
        {
            await _host.SetReplicasAsync(S.ServiceId, 1);
            S.Step = "scaled_up";
            await StepAsync("scaled_up");
            return true;
        }

        var status = await _host.GetDeploymentAsync(S.DeploymentId);
        if (status.Phase != DeploymentPhase.Running)
        {
            return false;
        }

        S.Lifecycle = NodeLifecycle.Running;
        S.Operation = NodeOperation.None;
        S.LastActivityAt = _clock.GetUtcNow();
        await StepAsync("awake");
        await ArmAsync();
        StartIdleWatch();
        EnsureDelivering();
        return false;
    }

    private async Task FailAsync(string reason)
    {
        S.Lifecycle = NodeLifecycle.Failed;
        S.Operation = NodeOperation.None;
        S.FailureReason = reason;
        S.Step = "failed";
        await CommitAsync(Audit(AuditAction.NodeFailed, Initiator(), ("step", "failed"), ("reason", reason), ("elapsed_ms", ElapsedMs())));
    }

    private Task StepAsync(string step, params (string Key, string? Value)[] details)
    {
        S.Step = step;
        return CommitAsync(Audit(AuditAction.NodeLifecycleStep, Initiator(), [("step", step), ("elapsed_ms", ElapsedMs()), .. details]));
    }

    private string ElapsedMs() =>
        S.OperationStartedAt is { } started ? ((long)(_clock.GetUtcNow() - started).TotalMilliseconds).ToString() : "0";

    private static Actor Initiator() => Actor.ForSystem("node-lifecycle");

    private string ServiceName() => $"node-{NodeId:N}"[..17];

    private static string PersonaOf(NodeProfile profile) =>
        $"I am {profile.Name} (callsign {profile.Callsign}), a DeepSync teammate." +
        (profile.Role.Length > 0 ? $" My role: {profile.Role}." : string.Empty) +
        (profile.Location.Length > 0 ? $" I am based in {profile.Location}." : string.Empty);

    private string HumanOf() => $"My owner signs in as {S.OwnerEmail}.";
}
